// The profile list (the shell's badge, the wizard's confirm step, settings) as one shared query.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call } from '../bridge/call.ts';
import { carrier } from '../bridge/carrier.ts';

export function useProfiles() {
  return useQuery({ queryKey: ['profiles'], queryFn: () => call('profiles:list', {}) });
}

/**
 * A profile switch (from this window, another window or the CLI's twin) changes what every screen shows: the
 * badge, credentials, limits, diagnostics. Everything is fetched again when the backend says it changed.
 */
export function useProfileChanges(): void {
  const qc = useQueryClient();
  useEffect(() => carrier().api.on('profile:changed', () => void qc.invalidateQueries()), [qc]);
}
