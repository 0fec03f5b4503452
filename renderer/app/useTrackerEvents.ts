// Live updates from the status tracker (issue 14 item 1): its status goes straight into the query cache; status
// changes of documents refetch the mailings list, the dashboard and the grid's visible pages — coalesced, so a
// catch-up over 100,000 documents costs a few refetches, not one per round.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { carrier } from '../bridge/carrier.ts';

/** Refetches at most once per `everyMs` (the first change at once, later ones at the end of the window). */
function throttled(run: () => void, everyMs: number): { trigger(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    trigger() {
      if (timer !== null) return;
      const wait = Math.max(0, last + everyMs - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        run();
      }, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}

const MAILINGS_EVERY_MS = 2_000;
const GRID_EVERY_MS = 5_000;

function refetchers(qc: QueryClient) {
  const lists = throttled(() => {
    void qc.invalidateQueries({ queryKey: ['mailings'] });
    void qc.invalidateQueries({ queryKey: ['dashboard'] });
  }, MAILINGS_EVERY_MS);
  // Only the grid's pages on screen and an open drawer are fetched again (react-query refetches active queries).
  const grid = throttled(() => {
    void qc.invalidateQueries({ queryKey: ['documents'] });
    void qc.invalidateQueries({ queryKey: ['document'] });
  }, GRID_EVERY_MS);
  return { lists, grid };
}

export function useTrackerEvents(): void {
  const qc = useQueryClient();
  useEffect(() => {
    const r = refetchers(qc);
    const api = carrier().api;
    const offStatus = api.on('tracker:status', (s) => qc.setQueryData(['tracker-status'], s));
    const offChanges = api.on('mailing:statusChanged', () => {
      r.lists.trigger();
      r.grid.trigger();
    });
    return () => {
      offStatus();
      offChanges();
      r.lists.cancel();
      r.grid.cancel();
    };
  }, [qc]);
}
