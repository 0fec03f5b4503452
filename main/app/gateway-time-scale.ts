// How fast a profile's gateway clock runs: the embedded or external sandbox plays days in seconds (profile
// sandbox.timeScale, main/sandbox/README.md "Time"); a real gateway runs on real time. Read deadlines are counted
// on the gateway's clock, so the app needs this to know when one has passed.
import type { ProfileRegistry } from './profiles.ts';

export async function gatewayTimeScale(profiles: Pick<ProfileRegistry, 'list'>, profileName: string): Promise<number> {
  const p = (await profiles.list()).find((x) => x.name === profileName);
  return p?.kind === 'sandbox' ? (p.sandbox?.timeScale ?? 1) : 1;
}
