// Per-state counts of a mailing while it sends, kept from the journal steps the sender itself makes: the
// progress shown several times a second must not cost a GROUP BY over the whole mailing on the main thread
// (issue 2: event-loop lag during a send). Exact counts are read from the database when the send ends.
import type { StateCounts } from '../../shared/domain/mailing.ts';
import type { Chunk, ChunkRef, ItemResult } from './journal.ts';

const AFTER: Record<ItemResult['kind'], keyof StateCounts> = { accepted: 'ACCEPTED', rejected: 'REJECTED', retry: 'QUEUED', unknown: 'UNKNOWN' };

export function createLiveCounts(start: StateCounts) {
  const live: StateCounts = { ...start };
  const move = (from: keyof StateCounts, to: keyof StateCounts, n: number): void => {
    live[from] -= n;
    live[to] += n;
  };
  return {
    claimed(chunk: Chunk | null): Chunk | null {
      if (chunk) move('QUEUED', 'IN_FLIGHT', chunk.documents.length);
      return chunk;
    },
    applied(results: readonly ItemResult[]): void {
      for (const r of results) move('IN_FLIGHT', AFTER[r.kind], 1);
    },
    requeued(chunk: ChunkRef): void {
      move('IN_FLIGHT', 'QUEUED', chunk.documents.length);
    },
    snapshot: (): StateCounts => ({ ...live }),
  };
}
