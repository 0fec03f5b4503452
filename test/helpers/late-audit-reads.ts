// A deliberately late AuditReads, as a server database answers (issue 16 item 2): every read leaves on a later turn of
// the event loop and its answer comes back on another, every batch of a scan a turn later. Wrapped around the SQLite
// implementation (AuditServiceOptions.wrapReads), it must give the services exactly what SQLite gives them.
import type { AuditReads } from '../../main/reads/audit-reads.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a server database does: the read leaves on a later turn and its answer comes back on another. */
export function answeringLater(inner: AuditReads): { reads: AuditReads; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const count = (name: string): void => void calls.set(name, (calls.get(name) ?? 0) + 1);
  const later =
    <A extends unknown[], R>(name: string, read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await nextTurn();
      count(name);
      const answer = await read(...args);
      await nextTurn();
      return answer;
    };
  const reads: AuditReads = {
    logId: later('logId', inner.logId),
    setting: later('setting', inner.setting),
    size: later('size', inner.size),
    chainAt: later('chainAt', inner.chainAt),
    events: later('events', inner.events),
    blobs: later('blobs', inner.blobs),
    record: later('record', inner.record),
    maxIndexed: later('maxIndexed', inner.maxIndexed),
    indexedKeys: later('indexedKeys', inner.indexedKeys),
    subjectSeqs: later('subjectSeqs', inner.subjectSeqs),
    recordSeqsBetween: later('recordSeqsBetween', inner.recordSeqsBetween),
    async *chainEntries(seqs) {
      count('chainEntries');
      for await (const batch of inner.chainEntries(seqs)) {
        await nextTurn();
        yield batch;
      }
    },
    async *chainFrom(from) {
      count('chainFrom');
      for await (const batch of inner.chainFrom(from)) {
        await nextTurn();
        yield batch;
      }
    },
    treeHashes: later('treeHashes', inner.treeHashes),
    recordsBefore: later('recordsBefore', inner.recordsBefore),
    checkpoints: later('checkpoints', inner.checkpoints),
    latestCheckpoint: later('latestCheckpoint', inner.latestCheckpoint),
    unanchoredCheckpoints: later('unanchoredCheckpoints', inner.unanchoredCheckpoints),
    treeUpgrade: later('treeUpgrade', inner.treeUpgrade),
    keys: later('keys', inner.keys),
    quickCheck: later('quickCheck', inner.quickCheck),
    verify: later('verify', inner.verify),
    close: inner.close,
  };
  return { reads, calls };
}

