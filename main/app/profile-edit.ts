// A Settings edit applied to a stored profile (issue 15 items 4–5): the two line addresses of docs-gw, and PayUp
// and KCP as host choices — the operator picks "test" or "production" and completes the merchant id / site code and
// the module folder; nobody writes JSON. The result is validated like an imported file and then replaced through
// the same confirmed, audited path (main/app/backend.ts).
import { profileSchema, type PayupService, type Profile } from '../../shared/domain/profile.ts';
import { KCP_PORT } from '../../shared/domain/network-hosts.ts';
import { KCP_GATEWAYS, PAYUP_HOSTS, type ProfileEdit } from '../../shared/domain/service-settings.ts';
import { moduleHomeProblem } from '../kcp/module-self-check.ts';
import { BUILTIN_PROFILES } from './builtin-profiles.ts';
import { ConfigError } from './errors.ts';

function invalid(message: string): ConfigError {
  return new ConfigError('PROFILE_INVALID', message, 2);
}

function payupSection(before: PayupService | undefined, choice: NonNullable<ProfileEdit['payup']>): PayupService {
  const baseUrl = `https://${PAYUP_HOSTS[choice.host]}`;
  // Pinned addresses and an extra CA belong to the host they were set for: a new host starts without them.
  const sameHost = before !== undefined && new URL(before.baseUrl).hostname.toLowerCase() === PAYUP_HOSTS[choice.host];
  return {
    baseUrl,
    merchantId: choice.merchantId,
    timeoutMs: before?.timeoutMs ?? 30_000,
    concurrency: before?.concurrency ?? 4,
    ...(sameHost && before.caFile !== undefined ? { caFile: before.caFile } : {}),
    ...(sameHost && before.addresses !== undefined ? { addresses: before.addresses } : {}),
  };
}

/** The profile `base` (as stored, never the running copy a sandbox filled in) with `edit` applied; validated. */
export function applyProfileEdit(base: Profile, edit: ProfileEdit): Profile {
  const builtin = BUILTIN_PROFILES.some((b) => b.name === base.name);
  const name = edit.saveAs ?? base.name;
  if (builtin && edit.saveAs === undefined) {
    throw invalid(`'${base.name}'은(는) 기본 제공 프로필이라 바꿀 수 없습니다. 새 프로필 이름을 정해 이 설정을 바탕으로 저장하세요.`);
  }
  if (BUILTIN_PROFILES.some((b) => b.name === name)) throw invalid(`'${name}'은(는) 기본 제공 프로필 이름입니다. 다른 이름을 쓰세요.`);

  const { localAddress: _l, bulkLocalAddress: _b, ...docsgwRest } = base.docsgw;
  const lines = edit.lines ?? { localAddress: base.docsgw.localAddress ?? null, bulkLocalAddress: base.docsgw.bulkLocalAddress ?? null };
  if (lines.bulkLocalAddress !== null && lines.bulkLocalAddress === lines.localAddress) {
    throw invalid('대량 발송 회선 주소가 기본 회선 주소와 같습니다. 대량(bulk) 전송만을 위한 별도 회선의 주소를 넣거나 비워 두세요(seed 001 §2.2).');
  }
  const docsgw = {
    ...docsgwRest,
    ...(lines.localAddress !== null ? { localAddress: lines.localAddress } : {}),
    ...(lines.bulkLocalAddress !== null ? { bulkLocalAddress: lines.bulkLocalAddress } : {}),
  };

  const { payup: payupBefore, kcp: kcpBefore, ...rest } = base;
  const payup = edit.payup === undefined ? payupBefore : edit.payup === null ? undefined : payupSection(payupBefore, edit.payup);
  let kcp = kcpBefore;
  if (edit.kcp === null) kcp = undefined;
  else if (edit.kcp !== undefined) {
    const problem = moduleHomeProblem(edit.kcp.ppcliHome);
    if (problem) throw new ConfigError('KCP_HOME_INVALID', problem, 2);
    // KCP's gateways are reached only through KCP's module (reference A1): always the ppcli transport.
    kcp = { transport: 'ppcli', host: KCP_GATEWAYS[edit.kcp.gateway], port: KCP_PORT, siteCd: edit.kcp.siteCd, ppcliHome: edit.kcp.ppcliHome, timeoutMs: kcpBefore?.timeoutMs ?? 30_000 };
  }

  const next = {
    ...rest,
    name,
    ...(edit.label !== undefined ? { label: edit.label } : {}),
    docsgw,
    ...(payup !== undefined ? { payup } : {}),
    ...(kcp !== undefined ? { kcp } : {}),
  };
  const parsed = profileSchema.safeParse(next);
  if (!parsed.success) {
    throw invalid(`설정이 올바르지 않습니다 — ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
