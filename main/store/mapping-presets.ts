// Column-mapping presets (issue 2 §4: mappings are editable and saveable as presets).
import { mappingPresetSchema, type MappingPreset } from '../../shared/domain/import.ts';
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { rowParser } from './row-shapes.ts';

const parsePresetJson = rowParser('mapping_presets.json', z.string().optional());
const parsePresetJsons = rowParser('mapping_presets.json', z.array(z.string()));

export function createMappingPresets(db: Db) {
  return {
    save(preset: MappingPreset): MappingPreset {
      const p = mappingPresetSchema.parse(preset);
      db.prepare('INSERT INTO mapping_presets (name, json, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json').run(p.name, JSON.stringify(p), Date.now());
      return p;
    },
    get(name: string): MappingPreset | undefined {
      const json = parsePresetJson(db.prepare('SELECT json FROM mapping_presets WHERE name = ?').pluck().get(name));
      return json === undefined ? undefined : mappingPresetSchema.parse(JSON.parse(json));
    },
    list(): MappingPreset[] {
      return parsePresetJsons(db.prepare('SELECT json FROM mapping_presets ORDER BY name').pluck().all()).map((json) => mappingPresetSchema.parse(JSON.parse(json)));
    },
    remove(name: string): boolean {
      return db.prepare('DELETE FROM mapping_presets WHERE name = ?').run(name).changes > 0;
    },
  };
}
export type MappingPresets = ReturnType<typeof createMappingPresets>;
