// The data folder's settings, custom profiles and column-mapping presets as steps on docdesk.db's one writer
// (issue 16 step 6). A change the operator makes commits in one step with the operator action that records it
// (neither without the other); the writer replies once the action's audit event is committed (main/writer/).
import { z } from 'zod';
import { operatorActionRowSchema, operatorActionSchema, type OperatorAction } from './operator-log.ts';
import { stepCaller, type StepWriter } from './step-writer.ts';

const action = operatorActionSchema.optional();

export const settingsStepInputs = {
  /** `value` null removes the setting. */
  'settings.put': z.object({ key: z.string().min(1), value: z.string().nullable(), action }),
  'profiles.save': z.object({ name: z.string().min(1), json: z.string().min(2), at: z.number().int(), action }),
  'presets.save': z.object({ name: z.string().min(1), json: z.string().min(2), at: z.number().int() }),
  'presets.remove': z.object({ name: z.string().min(1) }),
};

export const settingsStepOutputSchema = z.object({ action: operatorActionRowSchema.nullable(), removed: z.boolean().optional() });

export type SettingsWrites = {
  /** Stores (or with null removes) a setting; `action` commits with it. */
  putSetting(key: string, value: string | null, action?: OperatorAction): Promise<void>;
  /** Stores a validated custom profile (new or replacing one of the same name) as its JSON; `action` commits with it. */
  saveProfile(name: string, json: string, action?: OperatorAction): Promise<void>;
  savePreset(name: string, json: string): Promise<void>;
  removePreset(name: string): Promise<boolean>;
};

export function createSettingsWrites(writer: StepWriter, now: () => number = Date.now): SettingsWrites {
  const run = stepCaller<typeof settingsStepInputs>(writer, '설정 기록');
  const committed = (raw: unknown) => settingsStepOutputSchema.parse(raw);
  return {
    putSetting: async (key, value, a) => void committed(await run('settings.put', { key, value, action: a })),
    saveProfile: async (name, json, a) => void committed(await run('profiles.save', { name, json, at: now(), action: a })),
    savePreset: async (name, json) => void committed(await run('presets.save', { name, json, at: now() })),
    removePreset: async (name) => committed(await run('presets.remove', { name })).removed === true,
  };
}
