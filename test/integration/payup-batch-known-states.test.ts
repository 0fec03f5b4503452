// A cancel batch over a journal that already holds its transactions in every state: the preview counts each state
// from ONE read of the journal (PayupReads.cancelStates), the run journals each row as the preview said and sends
// only the new and the QUEUED ones — a handled transaction never reaches PayUp.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { createPayupJournal } from '../../main/payup/journal.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { JOURNAL_STATE_CASES, journalEveryState } from '../helpers/payup-journal-states.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { preparePayupDataDir, startPayupTestSandbox } from './payup-helpers.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startPayupTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

it('previews every state the journal holds, then sends only the new and the QUEUED rows', async () => {
  const dataDir = tempDir('docdesk-payup-known-');
  await preparePayupDataDir(sandbox, dataDir);
  const known = (c: (typeof JOURNAL_STATE_CASES)[number]): string => sandboxTransactionId(800_000 + JOURNAL_STATE_CASES.indexOf(c));
  // Planted before the backend opens: IN_FLIGHT would become UNKNOWN at its start (crash recovery), so it is left out.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  try {
    journalEveryState(createPayupJournal(db), known);
  } finally {
    db.close();
  }
  const fresh = [sandboxTransactionId(810_001), sandboxTransactionId(810_002)];
  const file = path.join(dataDir, 'known.csv');
  const lines = [fresh[0], ...JOURNAL_STATE_CASES.filter((c) => c !== 'IN_FLIGHT').map(known), fresh[0], known('CANCELLED'), fresh[1]].map((tx) => `${tx ?? ''},일괄 취소`);
  writeFileSync(file, ['거래번호,취소사유', ...lines, ',사유 없는 거래'].join('\n'));

  const b = await createBackend({ dataDir, env: {} });
  try {
    expect(await b.payup.preview(file)).toMatchObject({
      rows: 12,
      valid: 11,
      invalid: 1,
      duplicatesInFile: 2,
      alreadyInJournal: { QUEUED: 2, CANCELLED: 1, ALREADY_CANCELLED: 1, REJECTED: 1, UNKNOWN: 1, ABANDONED: 1 },
      toSend: 4,
    });
    const run = await b.payup.runBatch(file);
    expect(run.dispositions).toEqual({ NEW: 2, REQUEUED: 0, PENDING: 2, SKIPPED: 5, DUPLICATE: 2, INVALID: 1 });
    expect(run.tally).toMatchObject({ sent: 4, cancelled: 4 });
    expect(run.counts).toMatchObject({ CANCELLED: 4, QUEUED: 0, IN_FLIGHT: 0 });
    for (const tx of [...fresh, known('QUEUED'), known('REQUEUED')]) expect(sandbox.payup.ledger.requests(tx), tx).toHaveLength(1);
    for (const c of ['CANCELLED', 'ALREADY_CANCELLED', 'REJECTED', 'UNKNOWN', 'ABANDONED'] as const) expect(sandbox.payup.ledger.requests(known(c)), c).toHaveLength(0);
    expect((await b.payup.get(known('REJECTED')))?.state).toBe('REJECTED');
  } finally {
    await b.close();
  }
});
