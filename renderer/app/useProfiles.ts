// The profile list (the shell's badge, the wizard's confirm step, settings) as one shared query.
import { useQuery } from '@tanstack/react-query';
import { call } from '../bridge/call.ts';

export function useProfiles() {
  return useQuery({ queryKey: ['profiles'], queryFn: () => call('profiles:list', {}) });
}
