// Regression: a day with accepted documents that were never polled (doc_box_status NULL) has 0 reads, not NULL —
// a NULL broke the contract's output validation and the dashboard showed an error.
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { tempDir } from '../helpers/test-backend.ts';

it('summarises a day of accepted, not yet polled documents with zero reads', { timeout: 60_000 }, async () => {
  const b = await createBackend({ dataDir: tempDir(), env: {} });
  try {
    const file = path.join(tempDir(), 'list.xlsx');
    await writeSampleRecipientList(file, { rows: 100 });
    const { mailingId } = await b.mailing.import(file, { defaults: { title: '대시보드', link: 'https://docdesk.example/d', csNumber: '02-1', csName: '센터' } });
    await b.mailing.send(mailingId!);
    const r = await createContractHandlers(b, () => {}).invoke('dashboard:summary', {});
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const d = (r as { value: { readRate: { read: number; accepted: number }[] } }).value;
    expect(d.readRate.at(-1)).toMatchObject({ read: 0 });
    expect(d.readRate.at(-1)!.accepted).toBeGreaterThan(0);
  } finally {
    await b.close();
  }
});
