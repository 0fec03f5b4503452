// The plan lives in docdesk.db's settings table (one row, JSON): it is a setting of the data folder like the
// active profile, small, and replaced whole. Read back through the schema, never trusted.
import { networkPlanSchema, type NetworkPlan } from '../../shared/domain/network-plan.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { OperatorAction } from '../store/operator-log.ts';
import type { SettingsWrites } from '../store/settings-writes.ts';
import { NetworkPlanError } from './errors.ts';
import { z } from 'zod';

const KEY = 'networkPlan';
const storedSchema = z.object({ plan: networkPlanSchema, savedAt: z.number().int() });
export type StoredPlan = z.infer<typeof storedSchema>;

/** Reads through DocdeskReads; a save is a step on docdesk.db's writer (`writes`), with the operator action that records it. */
export function createPlanStore(reads: Pick<DocdeskReads, 'settings'>, writes: SettingsWrites) {
  return {
    async read(): Promise<StoredPlan | null> {
      const value = await reads.settings.value(KEY);
      if (value === undefined) return null;
      const parsed = storedSchema.safeParse(JSON.parse(value));
      if (!parsed.success) {
        throw new NetworkPlanError('NETWORK_PLAN_UNREADABLE', "저장된 네트워크 계획을 읽을 수 없습니다. 'docdesk network plan import 파일.json'으로 계획을 다시 가져오세요.");
      }
      return parsed.data;
    },
    save: (plan: NetworkPlan, savedAt: number, action: OperatorAction): Promise<void> => writes.putSetting(KEY, JSON.stringify({ plan, savedAt }), action),
  };
}
export type PlanStore = ReturnType<typeof createPlanStore>;
