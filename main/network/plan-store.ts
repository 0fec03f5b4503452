// The plan lives in docdesk.db's settings table (one row, JSON): it is a setting of the data folder like the
// active profile, small, and replaced whole. Read back through the schema, never trusted.
import { networkPlanSchema, type NetworkPlan } from '../../shared/domain/network-plan.ts';
import type { Db } from '../store/open-database.ts';
import { parseSettingValue } from '../store/row-shapes.ts';
import { NetworkPlanError } from './errors.ts';
import { z } from 'zod';

const KEY = 'networkPlan';
const storedSchema = z.object({ plan: networkPlanSchema, savedAt: z.number().int() });
export type StoredPlan = z.infer<typeof storedSchema>;

export function createPlanStore(db: Db) {
  const get = db.prepare('SELECT value FROM settings WHERE key = ?').pluck();
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  return {
    read(): StoredPlan | null {
      const value = parseSettingValue(get.get(KEY));
      if (value === undefined) return null;
      const parsed = storedSchema.safeParse(JSON.parse(value));
      if (!parsed.success) {
        throw new NetworkPlanError('NETWORK_PLAN_UNREADABLE', "저장된 네트워크 계획을 읽을 수 없습니다. 'docdesk network plan import 파일.json'으로 계획을 다시 가져오세요.");
      }
      return parsed.data;
    },
    save(plan: NetworkPlan, savedAt: number): void {
      put.run(KEY, JSON.stringify({ plan, savedAt }));
    },
  };
}
export type PlanStore = ReturnType<typeof createPlanStore>;
