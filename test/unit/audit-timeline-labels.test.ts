// The bundle's Korean timeline (reference evidence-and-audit.md §8 "Human views") names every event DocDesk writes:
// an event type appended anywhere in main/ with a literal `ev: '…'` must get a Korean label, not its raw type — the
// reader of report.html is staff or a court, not a developer. Fails when a new event type is added without one.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describe as describeEvent } from '../../main/audit/bundle/timeline.ts';
import type { AuditRecord } from '../../main/audit/event.ts';
import { sourceFiles } from '../helpers/source-files.ts';

const MAIN = fileURLToPath(new URL('../../main/', import.meta.url));
const HANGUL = /[\uAC00-\uD7A3]/;

/** Every event type appended with a literal type (`ev: 'audit.purge'`), outside the sandbox simulators. */
function literalEventTypes(): string[] {
  const types = new Set<string>();
  for (const f of sourceFiles(MAIN, (name) => name === 'sandbox')) for (const m of readFileSync(f, 'utf8').matchAll(/\bev: '([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)'/g)) types.add(m[1]!);
  return [...types].sort();
}

const record = (ev: string, data: Record<string, unknown> = {}): AuditRecord => ({
  v: 1,
  seq: 7,
  ts: '2026-12-05T01:02:03.004Z',
  ev,
  actor: { type: 'system', id: 'docdesk' },
  subj: {},
  data,
  salt: 'AAAAAAAAAAAAAAAAAAAAAA',
});

describe('bundle timeline labels', () => {
  it('finds the event types the code appends (the scan works)', () => {
    const types = literalEventTypes();
    expect(types).toContain('audit.genesis');
    expect(types).toContain('audit.event_refused');
    expect(types.length).toBeGreaterThanOrEqual(10);
  });

  it('gives every event type a Korean label (operator actions keep their own "운영자 작업:" form)', () => {
    const unlabelled = literalEventTypes()
      .filter((ev) => !ev.startsWith('op.'))
      .filter((ev) => {
        const { label } = describeEvent(record(ev));
        return label === ev || !HANGUL.test(label);
      });
    expect(unlabelled).toEqual([]);
  });

  it('says which stored row a refused event stands for, and why', () => {
    const { label, detail } = describeEvent(record('audit.event_refused', { exchange_log_seq: 42, reason: 'record.durationMs: expected number' }));
    expect(label).toBe('감사 이벤트를 만들 수 없어 대신 남긴 기록');
    expect(detail).toContain('exchange_log_seq=42');
    expect(detail).toContain('reason=record.durationMs: expected number');
  });
});
