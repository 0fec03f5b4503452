// Gateway connection state for the shell: the worst docs-gw result of the diagnostics channel, refreshed each minute.
import { useQuery } from '@tanstack/react-query';
import { diagnosticsReportSchema } from '../../shared/domain/documents-query.ts';
import { callChannel } from '../bridge/call.ts';

export type GatewayState = 'checking' | 'ok' | 'warn' | 'fail' | 'unknown';

export function useDiagnostics(enabled = true) {
  return useQuery({
    queryKey: ['diagnostics'],
    queryFn: () => callChannel('diagnostics:run', {}, diagnosticsReportSchema),
    staleTime: 60_000,
    refetchInterval: 60_000,
    retry: false,
    enabled,
  });
}

export function useGatewayState(): GatewayState {
  const q = useDiagnostics();
  if (q.isPending) return 'checking';
  if (q.isError) return 'unknown';
  const docsgw = q.data.results.filter((r) => r.service === 'docsgw' && r.status !== 'skipped');
  if (docsgw.length === 0) return 'unknown';
  if (docsgw.some((r) => r.status === 'fail')) return 'fail';
  if (docsgw.some((r) => r.status === 'warn')) return 'warn';
  return 'ok';
}
