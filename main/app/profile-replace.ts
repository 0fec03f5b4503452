// The one way a stored custom profile is added or replaced (DESIGN §12: profiles do not change behind the operator's
// back): a profile JSON import and a Settings edit (profile-edit.ts) both preview the changes with a digest of the
// exact profile shown, need that digest to replace an existing profile, rebuild what depends on the active one, and
// record an audited operator action naming every changed field.
import type { Profile, ProfileImportPreview } from '../../shared/domain/profile.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { ConfigError } from './errors.ts';
import { assertWithinNetworkScope } from './loopback-only.ts';
import { profileChanges, profileDigest } from './profile-changes.ts';
import type { ProfileRegistry } from './profiles.ts';

export type ProfileReplaceResult = { name: string; kind: Profile['kind']; replaced: boolean; changes: number };

export function createProfileReplacer(deps: {
  profiles: ProfileRegistry;
  activeName: () => string;
  protection: string;
  /** Makes `next` active at once or not at all, running `persist` in between (backend activate()). */
  activate: (next: Profile, persist: () => Promise<unknown>) => Promise<unknown>;
  operatorLog: OperatorLog;
}) {
  const { profiles, operatorLog } = deps;
  // One replace at a time: the stored profile it reads (and the digest it checks against it) is the one its step
  // replaces — a second replace of the same name waits rather than store over a change its operator never saw.
  let previous: Promise<unknown> = Promise.resolve();
  // A sandbox (profile kind or folder) reaches loopback only: refused at the preview already, before a confirmation.
  const admit = (next: Profile): void => {
    if (next.kind === 'sandbox' || deps.protection !== 'passphrase') assertWithinNetworkScope(next, deps.protection);
  };
  return {
    /** What storing `next` would do; changes nothing. */
    async preview(next: Profile): Promise<ProfileImportPreview> {
      admit(next);
      const existing = await profiles.findCustom(next.name);
      return {
        name: next.name,
        kind: next.kind,
        label: next.label ?? '',
        exists: existing !== undefined,
        active: next.name === deps.activeName(),
        changes: existing ? profileChanges(existing, next) : [],
        digest: profileDigest(next),
      };
    },
    /**
     * Stores `next`. Replacing one of the same name (the active one included) needs `confirmReplace` = the digest
     * preview() showed; replacing the active profile rebuilds what depends on it. `action` names the audit event.
     */
    replace(next: Profile, o: { confirmReplace?: string | undefined; action: 'profile.import' | 'profile.edit'; detail?: Record<string, unknown> }): Promise<ProfileReplaceResult> {
      const mine = previous.then(() => replaceNow(next, o));
      previous = mine.catch(() => undefined);
      return mine;
    },
  };

  async function replaceNow(next: Profile, o: { confirmReplace?: string | undefined; action: 'profile.import' | 'profile.edit'; detail?: Record<string, unknown> }): Promise<ProfileReplaceResult> {
    admit(next);
    const existing = await profiles.findCustom(next.name);
    const changes = existing ? profileChanges(existing, next) : [];
    const digest = profileDigest(next);
    const active = next.name === deps.activeName();
    if (existing && changes.length > 0 && o.confirmReplace !== digest) {
      const shown = changes.slice(0, 8).map((c) => `${c.field}: ${c.before ?? '(없음)'} → ${c.after ?? '(없음)'}`).join('; ');
      throw new ConfigError(
        'CONFIRMATION_REQUIRED',
        `프로필 '${next.name}'이(가) 이미 있습니다${active ? '(사용 중인 프로필)' : ''}. 바뀌는 항목 ${changes.length}개: ${shown}${changes.length > 8 ? ' …' : ''}. 바뀌는 내용을 확인한 뒤 교체를 승인하세요.`,
        2,
        { name: next.name, digest, changes },
      );
    }
    // The operator's import or edit is recorded in the step that stores the profile.
    const action = operatorLog.stamp(o.action, next.name, {
      kind: next.kind,
      ...o.detail,
      replaced: existing !== undefined,
      digest,
      changes: changes.map((c) => ({ field: c.field, before: c.before ?? '', after: c.after ?? '' })),
    });
    if (existing && changes.length > 0 && active) await deps.activate(next, () => profiles.save(next, action));
    else await profiles.save(next, action);
    return { name: next.name, kind: next.kind, replaced: existing !== undefined, changes: changes.length };
  }
}
