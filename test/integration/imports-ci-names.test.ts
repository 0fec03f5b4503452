// Real CI lists carry a name column for the staff (issue 14 §8): a row with a CI and a name is a CI recipient. The
// name is kept for display and search; only the CI goes on the wire (reference kakaopay-edoc-api.md §4.2: the
// receiver is `ci` xor phone + name + birthday). The sandbox validates receivers strictly, so a name sent with a
// CI would make it refuse the whole request.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { sandboxCi, sandboxRecipientKey } from '../../main/sandbox/docsgw/recipients.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { exchangeRecordJson, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const defaults = { title: 'CI 고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 };
const NAMES = ['홍길동', '김민준', '이서연', '박도윤'];

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

it('imports a CI list with names, sends only the CI, and finds the recipients by name', async () => {
  const dataDir = tempDir();
  const cis = NAMES.map((_, i) => sandboxCi('accepted', 500 + i));
  const file = path.join(tempDir(), 'ci-list.csv');
  // A CI with a phone is still refused (row 6): which form to send would be a guess.
  const rows = [...NAMES.map((n, i) => `${i + 1},${n},${cis[i]},`), `5,최하준,${sandboxCi('accepted', 600)},010-1234-5678`];
  writeFileSync(file, `번호,이름,CI,휴대폰\n${rows.join('\n')}\n`);

  const b = await backendFor(sandbox, { dataDir });
  let mailingId: string;
  try {
    const { mailingId: id, report } = await b.mailing.import(file, { defaults });
    expect(report.mapping).toMatchObject({ name: 'B', ci: 'C', phone: 'D' });
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([[6, 'BOTH_CI_AND_IDENTITY']]);
    expect(report.valid).toBe(NAMES.length);
    if (!id) throw new Error('no mailing');
    mailingId = id;

    const sent = await b.mailing.send(mailingId);
    expect(sent.counts.ACCEPTED).toBe(NAMES.length);

    // The grid finds a CI recipient by name and shows the name masked beside the CI.
    const found = (await b.documents.query({ mailingId, search: '김민준' }));
    expect(found.total).toBe(1);
    expect(found.rows[0]?.recipient).toMatch(/^김\*준 CI /);
    expect(found.rows[0]?.recipient).not.toContain('김민준');
    expect((await b.documents.query({ search: '홍길' })).rows.map((r) => r.sourceRow)).toEqual([2]);

    // The gateway received each recipient in the CI form only.
    const docs = (await b.documents.query({ mailingId, limit: 10 })).rows;
    for (const d of docs) {
      const items = sandbox.docsgw.ledger.itemsFor(d.externalDocumentUuid ?? '');
      expect(items.map((i) => i.result)).toEqual(['ACCEPTED']);
      expect(items[0]?.recipientKey).toBe(sandboxRecipientKey({ ci: cis[d.sourceRow - 2] ?? '' }));
    }
  } finally {
    await b.close();
  }

  // And what went on the wire (the exchange log keeps the request body) carries every CI and none of the names.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  try {
    const bodies = z.array(storedExchangeRecordSchema).parse(db.prepare(`SELECT record_json, record_deflated FROM exchange_log WHERE endpoint = 'bulkSend'`).all()).map(
      (r) => (JSON.parse(exchangeRecordJson(r)) as { requestBody: string | null }).requestBody ?? '',
    );
    const wire = bodies.join('\n');
    expect(bodies.length).toBeGreaterThan(0);
    for (const ci of cis) expect(wire).toContain(ci);
    for (const name of NAMES) expect(wire).not.toContain(name);
    expect(wire).not.toContain('"name"');
  } finally {
    db.close();
  }
});
