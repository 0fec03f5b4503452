// Every mailing's read deadline and follow-up counts (followUp:overview), refreshed while a screen shows them.
// A timer rather than every send-progress event: each refresh counts every mailing's documents.
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';

export function useDeadlines(afterDays?: number) {
  return useQuery({
    queryKey: ['followUp', afterDays ?? null],
    queryFn: () => call('followUp:overview', afterDays === undefined ? {} : { afterDays }),
    refetchInterval: 5_000,
  });
}
