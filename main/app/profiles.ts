// Built-in and custom profiles; the active one is a setting of the data folder (DESIGN §5).
import { readFileSync } from 'node:fs';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { OperatorAction } from '../store/operator-log.ts';
import type { SettingsWrites } from '../store/settings-writes.ts';
import { BUILTIN_PROFILES, SANDBOX_PROFILE_NAME } from './builtin-profiles.ts';
import { ConfigError } from './errors.ts';

/** Reads through DocdeskReads.settings; changes are steps on docdesk.db's writer (`writes`), an operator action committed with each. */
export function createProfileRegistry(reads: Pick<DocdeskReads, 'settings'>, writes: SettingsWrites) {
  const settings = reads.settings;
  // The kinds as last read: the secret layers ask whether a profile is a sandbox synchronously, inside a request's
  // credential lookup (secret-store.ts). Renewed by every list() and after every save here, the only way a custom
  // profile changes while this process holds the folder; refreshKinds() fills it at start.
  const kinds = new Map<string, Profile['kind']>(BUILTIN_PROFILES.map((p) => [p.name, p.kind]));
  async function list(): Promise<(Profile & { builtin: boolean })[]> {
    const all = [...BUILTIN_PROFILES.map((p) => ({ ...p, builtin: true })), ...(await settings.customProfiles()).map((p) => ({ ...p, builtin: false }))];
    kinds.clear();
    for (const p of all) kinds.set(p.name, p.kind);
    return all;
  }
  async function get(name: string): Promise<Profile> {
    const p = (await list()).find((x) => x.name === name);
    if (!p) throw new ConfigError('PROFILE_NOT_FOUND', `프로필 '${name}'이(가) 없습니다. 프로필 목록에서 이름을 확인하세요.`);
    const { builtin: _builtin, ...profile } = p;
    return profile;
  }
  async function activeName(): Promise<string> {
    return (await settings.value('activeProfile')) ?? SANDBOX_PROFILE_NAME;
  }
  async function use(name: string, action?: OperatorAction): Promise<Profile> {
    const p = await get(name);
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
  const findCustom = (name: string): Promise<Profile | undefined> => settings.customProfile(name);
  /** Stores a validated custom profile (new or replacing one of the same name). */
  const save = async (p: Profile, action?: OperatorAction): Promise<void> => {
    await writes.saveProfile(p.name, JSON.stringify(p), action);
    await list();
  };
  /** The profile's kind as last read (undefined: no such profile then). */
  const kindOf = (name: string): Profile['kind'] | undefined => kinds.get(name);
  const refreshKinds = async (): Promise<void> => void (await list());
  const setting = (key: string): Promise<string | undefined> => settings.value(key);
  return { list, get, activeName, use, readFile, findCustom, save, setting, setSetting: writes.putSetting, kindOf, refreshKinds };
}
export type ProfileRegistry = ReturnType<typeof createProfileRegistry>;
