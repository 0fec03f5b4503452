// The profile a plan implies (`docdesk network profile NAME`, Settings "이 계획으로 프로필 만들기"): docs-gw, PayUp
// and KCP at exactly the destinations of the plan's flow table (flow-table.ts), bound to the plan's local address.
// A rehearsal profile keeps the plan's shape — one IDC or two, the services it uses, its local addresses — but
// reaches the simulators on this PC instead: each IDC of the flow table becomes one of the sandbox's loopback
// addresses, so a sandbox-only folder can run the plan end to end before any line is open.
import { KCP_PORT, kcpHost, payupHost } from '../../shared/domain/network-hosts.ts';
import { NETWORK_MODE_LABELS, type NetworkPlan } from '../../shared/domain/network-plan.ts';
import type { FlowId } from '../../shared/domain/network-documents.ts';
import { profileSchema, type Profile, type ProfileInput } from '../../shared/domain/profile.ts';
import { kakaopayDestinations, kakaopayHost } from './flow-table.ts';

function label(plan: NetworkPlan, rehearsal: boolean): string {
  const text = `${plan.institution.name} — ${NETWORK_MODE_LABELS[plan.mode]}${rehearsal ? ' 리허설 (샌드박스)' : ''} (네트워크 계획)`;
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

// Bulk send and bulk status leave from the bulk-only address (seed 001 §2.2); every other docs-gw call from the
// plan's "everything else" address.
function localAddress(plan: NetworkPlan): { localAddress?: string; bulkLocalAddress?: string } {
  return {
    ...(plan.otherLocalAddress !== undefined ? { localAddress: plan.otherLocalAddress } : {}),
    ...(plan.bulkLocalAddress !== undefined ? { bulkLocalAddress: plan.bulkLocalAddress } : {}),
  };
}

export function productionProfileFromPlan(plan: NetworkPlan, name: string): Profile {
  const input: ProfileInput = {
    name,
    label: label(plan, false),
    kind: 'production',
    docsgw: {
      host: kakaopayHost(plan),
      addresses: kakaopayDestinations(plan).map((d) => d.address),
      port: plan.kakaopayPort,
      ...localAddress(plan),
    },
    ...(plan.payup ? { payup: { baseUrl: `https://${payupHost(plan.payup.environment)}`, merchantId: plan.payup.merchantId } } : {}),
    ...(plan.kcp
      ? {
          kcp: {
            transport: 'ppcli' as const,
            host: kcpHost(plan.kcp.environment),
            port: KCP_PORT,
            siteCd: plan.kcp.siteCd,
            ...(plan.kcp.ppcliHome !== undefined ? { ppcliHome: plan.kcp.ppcliHome } : {}),
          },
        }
      : {}),
  };
  return profileSchema.parse(input);
}

/** The sandbox address standing in for each KakaoPay IDC of the flow table (Gasan first, as the sandbox lists them). */
export function rehearsalAddresses(sandbox: Profile): Record<Extract<FlowId, `docsgw-${string}`>, string> {
  const [gasan, pangyo] = sandbox.docsgw.addresses;
  if (gasan === undefined || pangyo === undefined) throw new Error('the built-in sandbox profile lists two loopback addresses');
  return { 'docsgw-gasan': gasan, 'docsgw-pangyo': pangyo };
}

/** `sandbox`: the built-in sandbox profile (simulators started in-process, loopback only). */
export function sandboxProfileFromPlan(plan: NetworkPlan, name: string, sandbox: Profile): Profile {
  const stand = rehearsalAddresses(sandbox);
  const input: ProfileInput = {
    ...sandbox,
    name,
    label: label(plan, true),
    docsgw: { ...sandbox.docsgw, addresses: kakaopayDestinations(plan).map((d) => stand[d.flow]), ...localAddress(plan) },
  };
  if (!plan.payup) delete input.payup;
  if (!plan.kcp) delete input.kcp;
  return profileSchema.parse(input);
}
