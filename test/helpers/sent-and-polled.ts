// A sample list imported, sent and polled once against the test sandbox: the bulk send and bulk status exchanges the
// evidence tests disclose slices of. The test profile polls first 5 s after acceptance; the sandbox's clock runs
// 172,800× faster, so some documents are READ by then.
import path from 'node:path';
import type { Backend } from '../../main/app/backend.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { tempDir } from './test-backend.ts';

export async function sendAndPollOnce(b: Backend, rows: number): Promise<{ mailingId: string; polled: number }> {
  const list = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(list, { rows, seed: 11 });
  const { mailingId } = await b.mailing.import(list, { defaults: { title: '고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 } });
  if (!mailingId) throw new Error('no mailing');
  await b.mailing.send(mailingId);
  await new Promise((r) => setTimeout(r, 5_200));
  const round = await b.mailing.pollOnce(mailingId);
  return { mailingId, polled: round.polled };
}
