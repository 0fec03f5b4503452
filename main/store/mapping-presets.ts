// Column-mapping presets (issue 2 §4: mappings are editable and saveable as presets).
import { mappingPresetSchema, type MappingPreset } from '../../shared/domain/import.ts';
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { rowParser } from './row-shapes.ts';
import type { SettingsWrites } from './settings-writes.ts';

const parsePresetJson = rowParser('mapping_presets.json', z.string().optional());
const parsePresetJsons = rowParser('mapping_presets.json', z.array(z.string()));

/** Reads on `db`; saving and removing are steps on docdesk.db's writer (`writes`). */
export function createMappingPresets(db: Db, writes: SettingsWrites) {
  return {
    async save(preset: MappingPreset): Promise<MappingPreset> {
      const p = mappingPresetSchema.parse(preset);
      await writes.savePreset(p.name, JSON.stringify(p));
      return p;
    },
    get(name: string): MappingPreset | undefined {
      const json = parsePresetJson(db.prepare('SELECT json FROM mapping_presets WHERE name = ?').pluck().get(name));
      return json === undefined ? undefined : mappingPresetSchema.parse(JSON.parse(json));
    },
    list(): MappingPreset[] {
      return parsePresetJsons(db.prepare('SELECT json FROM mapping_presets ORDER BY name').pluck().all()).map((json) => mappingPresetSchema.parse(JSON.parse(json)));
    },
    remove: (name: string): Promise<boolean> => writes.removePreset(name),
  };
}
export type MappingPresets = ReturnType<typeof createMappingPresets>;
