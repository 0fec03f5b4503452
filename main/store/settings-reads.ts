// docdesk.db's settings and custom profiles as DocdeskReads.settings reads them (issue 16 step 9); they change as
// steps on the writer (settings-writes.ts). Every value is parsed where it leaves SQL.
import { z } from 'zod';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import type { Db } from './open-database.ts';
import { parseSettingValue, rowParser } from './row-shapes.ts';

const parseProfileJson = rowParser('profiles.json', z.string().optional());
const parseProfileJsons = rowParser('profiles.json', z.array(z.string()));
const parseProfile = rowParser('profiles.json', profileSchema);

export function createSettingsReads(db: Db) {
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const allProfiles = db.prepare('SELECT json FROM profiles ORDER BY name').pluck();
  const oneProfile = db.prepare('SELECT json FROM profiles WHERE name = ?').pluck();
  return {
    value: (key: string): string | undefined => parseSettingValue(getSetting.get(key)),
    customProfiles: (): Profile[] => parseProfileJsons(allProfiles.all()).map((json) => parseProfile(JSON.parse(json))),
    customProfile(name: string): Profile | undefined {
      const json = parseProfileJson(oneProfile.get(name));
      return json === undefined ? undefined : parseProfile(JSON.parse(json));
    },
  };
}
