// Built-in and custom profiles; the active one is a setting of the data folder (DESIGN §5).
import { readFileSync } from 'node:fs';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { parseSettingValue, rowParser } from '../store/row-shapes.ts';
import type { OperatorAction } from '../store/operator-log.ts';
import type { SettingsWrites } from '../store/settings-writes.ts';
import { BUILTIN_PROFILES, SANDBOX_PROFILE_NAME } from './builtin-profiles.ts';
import { ConfigError } from './errors.ts';

const parseProfileJson = rowParser('profiles.json', z.string().optional());
const parseProfileJsons = rowParser('profiles.json', z.array(z.string()));

/** Reads on `db`; changes are steps on docdesk.db's writer (`writes`), an operator action committed with each. */
export function createProfileRegistry(db: Db, writes: SettingsWrites) {
  const getSetting = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();

  function custom(): Profile[] {
    return parseProfileJsons(db.prepare('SELECT json FROM profiles ORDER BY name').pluck().all()).map((json) => profileSchema.parse(JSON.parse(json)));
  }
  function list(): (Profile & { builtin: boolean })[] {
    return [...BUILTIN_PROFILES.map((p) => ({ ...p, builtin: true })), ...custom().map((p) => ({ ...p, builtin: false }))];
  }
  function get(name: string): Profile {
    const p = list().find((x) => x.name === name);
    if (!p) throw new ConfigError('PROFILE_NOT_FOUND', `프로필 '${name}'이(가) 없습니다. 프로필 목록에서 이름을 확인하세요.`);
    const { builtin: _builtin, ...profile } = p;
    return profile;
  }
  function activeName(): string {
    return parseSettingValue(getSetting.get('activeProfile')) ?? SANDBOX_PROFILE_NAME;
  }
  async function use(name: string, action?: OperatorAction): Promise<Profile> {
    const p = get(name);
    await writes.putSetting('activeProfile', name, action);
    return p;
  }
  /** Reads and validates a custom profile JSON file; invalid input names every bad field. Changes nothing. */
  function readFile(filePath: string): Profile {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(filePath, 'utf8'));
    } catch (err) {
      throw new ConfigError('PROFILE_INVALID', `프로필 파일을 읽을 수 없습니다 (${filePath}): ${err instanceof Error ? err.message : String(err)}`, 2);
    }
    const parsed = profileSchema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      throw new ConfigError('PROFILE_INVALID', `프로필이 올바르지 않습니다 — ${issues}`, 2);
    }
    if (BUILTIN_PROFILES.some((b) => b.name === parsed.data.name)) {
      throw new ConfigError('PROFILE_INVALID', `'${parsed.data.name}'은(는) 기본 제공 프로필 이름입니다. 다른 이름을 쓰세요.`, 2);
    }
    return parsed.data;
  }
  /** The stored custom profile of that name, if any. */
  function findCustom(name: string): Profile | undefined {
    const json = parseProfileJson(db.prepare('SELECT json FROM profiles WHERE name = ?').pluck().get(name));
    return json === undefined ? undefined : profileSchema.parse(JSON.parse(json));
  }
  /** Stores a validated custom profile (new or replacing one of the same name). */
  const save = (p: Profile, action?: OperatorAction): Promise<void> => writes.saveProfile(p.name, JSON.stringify(p), action);
  function setting(key: string): string | undefined {
    return parseSettingValue(getSetting.get(key));
  }
  return { list, get, activeName, use, readFile, findCustom, save, setting, setSetting: writes.putSetting };
}
export type ProfileRegistry = ReturnType<typeof createProfileRegistry>;
