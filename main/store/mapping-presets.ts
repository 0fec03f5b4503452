// Column-mapping presets (issue 2 §4: mappings are editable and saveable as presets).
import { mappingPresetSchema, type MappingPreset } from '../../shared/domain/import.ts';
import type { Db } from './open-database.ts';
import type { SettingsWrites } from './settings-writes.ts';

/** Reads on `db`; saving and removing are steps on docdesk.db's writer (`writes`). */
export function createMappingPresets(db: Db, writes: SettingsWrites) {
  return {
    async save(preset: MappingPreset): Promise<MappingPreset> {
      const p = mappingPresetSchema.parse(preset);
      await writes.savePreset(p.name, JSON.stringify(p));
      return p;
    },
    get(name: string): MappingPreset | undefined {
      const row = db.prepare('SELECT json FROM mapping_presets WHERE name = ?').get(name) as { json: string } | undefined;
      return row ? mappingPresetSchema.parse(JSON.parse(row.json)) : undefined;
    },
    list(): MappingPreset[] {
      return (db.prepare('SELECT json FROM mapping_presets ORDER BY name').all() as { json: string }[]).map((r) => mappingPresetSchema.parse(JSON.parse(r.json)));
    },
    remove: (name: string): Promise<boolean> => writes.removePreset(name),
  };
}
export type MappingPresets = ReturnType<typeof createMappingPresets>;
