// The settings steps as the docdesk writer runs them (settings-writes.ts), each in its own savepoint of the
// writer's group transaction.
import type { Db } from './open-database.ts';
import { stepHandlers, type StepHandlers } from './group-commit.ts';
import { createOperatorActionInsert, type OperatorChainEntry } from './operator-log.ts';
import type { StepOutbox } from './step-outbox.ts';
import { settingsStepInputs } from './settings-writes.ts';

export function settingsSteps(db: Db, chain: StepOutbox<OperatorChainEntry>): StepHandlers {
  const recordAction = createOperatorActionInsert(db, chain);
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  const saveProfile = db.prepare('INSERT INTO profiles (name, json, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json');
  const savePreset = db.prepare('INSERT INTO mapping_presets (name, json, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json');
  const removePreset = db.prepare('DELETE FROM mapping_presets WHERE name = ?');
  return stepHandlers(settingsStepInputs, {
    'settings.put': (m) => {
      if (m.value === null) remove.run(m.key);
      else put.run(m.key, m.value);
      return { action: m.action ? recordAction(m.action) : null };
    },
    'profiles.save': (m) => {
      saveProfile.run(m.name, m.json, m.at);
      return { action: m.action ? recordAction(m.action) : null };
    },
    'presets.save': (m) => {
      savePreset.run(m.name, m.json, m.at);
      return { action: null };
    },
    'presets.remove': (m) => ({ action: null, removed: removePreset.run(m.name).changes > 0 }),
  });
}
