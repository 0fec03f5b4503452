// The network plan as the faces see it (issue 15): stored in docdesk.db, checked against seed 000's rules with
// today's date, turned into the agency's forms, the firewall flow table and the profile the plan implies. Saving,
// importing and exporting are audited operator actions; the profile goes through the confirmed profile import
// (backend importProfile: replacing a profile needs the digest of exactly what was shown).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { NetworkDocuments, NetworkPlanView, PlanProfileTarget } from '../../shared/domain/network-documents.ts';
import { checkNetworkPlan, planErrors, seoulDate, type NetworkPlan } from '../../shared/domain/network-plan.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import { estimateBandwidth } from '../network/bandwidth.ts';
import { NetworkPlanError } from '../network/errors.ts';
import { flowTable, flowTableText } from '../network/flow-table.ts';
import { planForms } from '../network/forms.ts';
import { productionProfileFromPlan, sandboxProfileFromPlan } from '../network/plan-profile.ts';
import { createPlanStore } from '../network/plan-store.ts';
import { writePlanWorkbook } from '../network/plan-workbook.ts';
import { bulkRequestSize } from '../network/request-size.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import type { SettingsWrites } from '../store/settings-writes.ts';
import { BUILTIN_PROFILES, SANDBOX_PROFILE_NAME } from './builtin-profiles.ts';
import { assertWithinNetworkScope } from './loopback-only.ts';

const PROFILE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** yyyyMMdd-HHmmss in Asia/Seoul, for export file names. */
function stamp(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

export function createNetworkPlanService(deps: { reads: Pick<DocdeskReads, 'settings' | 'network'>; settings: SettingsWrites; dataDir: string; operatorLog: OperatorLog; protection: string; now?: () => number }) {
  const now = deps.now ?? Date.now;
  const store = createPlanStore(deps.reads, deps.settings);
  const sandboxBase = BUILTIN_PROFILES.find((p) => p.name === SANDBOX_PROFILE_NAME);
  if (!sandboxBase) throw new Error('built-in sandbox profile missing');

  async function documentsFor(plan: NetworkPlan): Promise<NetworkDocuments> {
    const bandwidth = estimateBandwidth(plan.volume, await bulkRequestSize(deps.reads, now()), seoulDate);
    // The pre-review form's TPS follows the request rate of the profile this plan produces.
    const rate = productionProfileFromPlan(plan, 'network-plan').docsgw.rateLimitPerSec;
    const flows = flowTable(plan);
    return { forms: planForms(plan, bandwidth, rate), flows, flowsText: flowTableText(flows), bandwidth };
  }

  async function view(): Promise<NetworkPlanView> {
    const stored = await store.read();
    const today = seoulDate(now());
    if (!stored) return { plan: null, savedAt: null, today, issues: [], documents: null };
    return { plan: stored.plan, savedAt: stored.savedAt, today, issues: checkNetworkPlan(stored.plan, today).issues, documents: await documentsFor(stored.plan) };
  }

  /** Stores a plan that breaks no rule (warnings are kept with it); otherwise nothing changes. */
  async function accept(input: unknown, source: string): Promise<NetworkPlanView> {
    const { plan, issues } = checkNetworkPlan(input, seoulDate(now()));
    const errors = planErrors(issues);
    if (plan === null || errors.length > 0) {
      throw new NetworkPlanError(
        'NETWORK_PLAN_INVALID',
        `네트워크 계획을 저장하지 않았습니다. 고칠 항목 ${errors.length}개 — ${errors.map((e) => e.message).join(' ')}`,
        { issues },
      );
    }
    await store.save(plan, now(), deps.operatorLog.stamp('network.plan.save', source, { mode: plan.mode, publicIps: plan.server.publicIps.length, warnings: issues.length }));
    return view();
  }

  async function storedPlan(): Promise<NetworkPlan> {
    const stored = await store.read();
    if (!stored) throw new NetworkPlanError('NETWORK_PLAN_MISSING', "네트워크 계획이 없습니다. 설정 → 네트워크 계획에서 입력하거나 'docdesk network plan import 파일.json'으로 가져오세요.");
    const errors = planErrors(checkNetworkPlan(stored.plan, seoulDate(now())).issues);
    if (errors.length > 0) throw new NetworkPlanError('NETWORK_PLAN_INVALID', `저장된 네트워크 계획에 고칠 항목이 있습니다 — ${errors.map((e) => e.message).join(' ')}`, { issues: errors });
    return stored.plan;
  }

  async function profileFor(name: string, target: PlanProfileTarget): Promise<Profile> {
    if (!PROFILE_NAME.test(name)) {
      throw new NetworkPlanError('INVALID_PROFILE_NAME', `프로필 이름 '${name}'을(를) 쓸 수 없습니다. 영문 소문자와 숫자로 시작하고 소문자, 숫자, . _ - 만 64자까지 쓰세요(예: agency-leased).`);
    }
    if (BUILTIN_PROFILES.some((b) => b.name === name)) {
      throw new NetworkPlanError('INVALID_PROFILE_NAME', `'${name}'은(는) 기본 제공 프로필 이름입니다. 다른 이름을 쓰세요.`);
    }
    const plan = await storedPlan();
    const profile = target === 'production' ? productionProfileFromPlan(plan, name) : sandboxProfileFromPlan(plan, name, sandboxBase as Profile);
    // The same scope rule the import applies (DESIGN §12), checked before anything is written.
    if (profile.kind === 'sandbox' || deps.protection !== 'passphrase') assertWithinNetworkScope(profile, deps.protection);
    return profile;
  }

  return {
    /** The stored plan, its findings for today, and what it produces (forms, flow table, bandwidth). */
    view,
    /** From the Settings screen. */
    save: (input: unknown): Promise<NetworkPlanView> => accept(input, '설정 화면'),
    /** `docdesk network plan import FILE.json`. */
    async importFile(filePath: string): Promise<NetworkPlanView> {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(filePath, 'utf8'));
      } catch (err) {
        throw new NetworkPlanError('NETWORK_PLAN_INVALID', `네트워크 계획 파일을 읽을 수 없습니다 (${filePath}): ${err instanceof Error ? err.message : String(err)}. JSON 파일인지 확인하세요.`);
      }
      return accept(raw, path.basename(filePath));
    },
    /** The workbook for the agency; `filePath` from the CLI, else <dataDir>/exports/. Audited. */
    async exportForms(filePath?: string): Promise<string> {
      const plan = await storedPlan();
      const docs = await documentsFor(plan);
      const target = filePath ?? path.join(ensureExportsDir(deps.dataDir), `네트워크계획-신청서-${stamp(now())}.xlsx`);
      writePlanWorkbook(target, docs);
      await deps.operatorLog.record('network.forms.export', path.basename(target), { mode: plan.mode, forms: docs.forms.map((f) => f.id), flows: docs.flows.length });
      return target;
    },
    /** The profile the plan implies. */
    profile: profileFor,
    /**
     * Writes the profile as the JSON file `profile import` reads (to `filePath`, else exports/network-profile-NAME.json)
     * and returns its path; the caller imports it through the confirmed import.
     */
    async writeProfile(name: string, target: PlanProfileTarget, filePath?: string): Promise<string> {
      const profile = await profileFor(name, target);
      const out = filePath ?? path.join(ensureExportsDir(deps.dataDir), `network-profile-${name}.json`);
      writeFileAtomic(path.resolve(out), `${JSON.stringify(profile, null, 2)}\n`);
      return out;
    },
  };
}
export type NetworkPlanService = ReturnType<typeof createNetworkPlanService>;
