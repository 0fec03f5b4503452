// The report's groups (issue 17 item 3): one per external id of the subject, each titled with ITS binder uuid. A
// recipient's first document was refused (no binder) and the second accepted: the two id lists differ in length,
// so pairing them by position (as the report once did) gave the refused document the other one's binder and events.
import { describe, expect, it } from 'vitest';
import { reportGroups, type ExportSubject } from '../../main/audit/bundle/export-bundle.ts';
import type { AuditRecord } from '../../main/audit/event.ts';

const record = (seq: number, subj: AuditRecord['subj'], ev = 'net.exchange'): AuditRecord => ({
  v: 1,
  seq,
  ts: '2026-12-04T21:37:46.562Z',
  ev,
  actor: { type: 'system', id: 'docdesk' },
  subj,
  data: { service: 'docsgw', endpoint: 'singleStatus', status: 200 },
  salt: 'AAAAAAAAAAAAAAAAAAAAAA',
});

describe('reportGroups', () => {
  const subject: ExportSubject = {
    kind: 'recipient',
    phone: '01051158704',
    externalIds: ['EXT-REFUSED-1', 'EXT-ACCEPTED-2'],
    binderUuids: ['BIN-2'],
    binderOf: { 'EXT-ACCEPTED-2': 'BIN-2' },
  };
  const sendRefused = record(3, { external_document_uuid: ['EXT-REFUSED-1'] });
  const sendAccepted = record(5, { external_document_uuid: ['EXT-ACCEPTED-2'] });
  const statusOfAccepted = record(9, { document_binder_uuid: 'BIN-2' });

  it('titles each document with its own binder and gives it only its own events', () => {
    const groups = reportGroups(subject, [sendRefused, sendAccepted, statusOfAccepted], new Map(), []);
    expect(groups.map((g) => g.title)).toEqual(['문서 EXT-REFUSED-1', '문서 EXT-ACCEPTED-2 / BIN-2']);
    expect(groups.map((g) => g.entries.map((e) => e.seq))).toEqual([[3], [5, 9]]);
  });

  it('without a stored pair, takes the binder from the bulk send slice and never from the list position', () => {
    const { binderOf: _dropped, ...unpaired } = subject;
    const groups = reportGroups({ ...unpaired }, [sendRefused, sendAccepted, statusOfAccepted], new Map(), [
      { seq: 5, index: 0, ts: '2026-12-04T21:37:46.562Z', endpoint: 'bulkSend', slice: { v: 1, salt: 'AAAAAAAAAAAAAAAAAAAAAA', external_document_uuid: 'EXT-ACCEPTED-2', document_binder_uuid: 'BIN-2', request: null, response: null } },
    ]);
    expect(groups.map((g) => g.title)).toEqual(['문서 EXT-REFUSED-1', '문서 EXT-ACCEPTED-2 / BIN-2']);
    expect(groups[0]!.entries.map((e) => e.seq)).toEqual([3]);
  });
});
