// Column-mapping presets (issue 2 §4: mappings are editable and saveable as presets).
import { mappingPresetSchema, type MappingPreset } from '../../shared/domain/import.ts';
import type { Db } from './open-database.ts';

export function createMappingPresets(db: Db) {
  return {
    save(preset: MappingPreset): MappingPreset {
      const p = mappingPresetSchema.parse(preset);
      db.prepare('INSERT INTO mapping_presets (name, json, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json').run(p.name, JSON.stringify(p), Date.now());
      return p;
    },
    get(name: string): MappingPreset | undefined {
      const row = db.prepare('SELECT json FROM mapping_presets WHERE name = ?').get(name) as { json: string } | undefined;
      return row ? mappingPresetSchema.parse(JSON.parse(row.json)) : undefined;
    },
    list(): MappingPreset[] {
      return (db.prepare('SELECT json FROM mapping_presets ORDER BY name').all() as { json: string }[]).map((r) => mappingPresetSchema.parse(JSON.parse(r.json)));
    },
    remove(name: string): boolean {
      return db.prepare('DELETE FROM mapping_presets WHERE name = ?').run(name).changes > 0;
    },
  };
}
export type MappingPresets = ReturnType<typeof createMappingPresets>;
