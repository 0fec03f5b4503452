// The network plan screen's form: flat text fields (what the operator types) ↔ the plan (shared/domain/
// network-plan.ts). The form is checked with the same rules the backend applies (checkNetworkPlan); each
// finding is shown at the field it names.
import { z } from 'zod';
import { checkNetworkPlan, usesLeasedLine, usesVpn, type NetworkMode, type NetworkPlan, type PlanIssue } from '../../../../shared/domain/network-plan.ts';
import type { GatewayEnvironment } from '../../../../shared/domain/network-hosts.ts';

export type PlanFormValues = {
  mode: NetworkMode | '';
  institutionName: string;
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  /** One address per line (or separated by commas). */
  publicIps: string;
  hostname: string;
  vpnModel: string;
  vpnIp: string;
  isp1: string;
  isp2: string;
  idcAddress: string;
  idcContactName: string;
  idcContactPhone: string;
  idcContactEmail: string;
  wishedOpeningDate: string;
  dailyDocuments: string;
  peakHourPercent: string;
  plannedDates: string;
  purpose: string;
  usePayup: boolean;
  payupEnvironment: GatewayEnvironment;
  payupMerchantId: string;
  useKcp: boolean;
  kcpEnvironment: GatewayEnvironment;
  kcpSiteCd: string;
  kcpPpcliHome: string;
  bulkLocalAddress: string;
  otherLocalAddress: string;
  notes: string;
};
export type PlanFormField = keyof PlanFormValues;

export const EMPTY_PLAN_FORM: PlanFormValues = {
  mode: '',
  institutionName: '',
  contactName: '',
  contactPhone: '',
  contactEmail: '',
  publicIps: '',
  hostname: '',
  vpnModel: '',
  vpnIp: '',
  isp1: '',
  isp2: '',
  idcAddress: '',
  idcContactName: '',
  idcContactPhone: '',
  idcContactEmail: '',
  wishedOpeningDate: '',
  dailyDocuments: '',
  peakHourPercent: '',
  plannedDates: '',
  purpose: '',
  usePayup: false,
  payupEnvironment: 'production',
  payupMerchantId: '',
  useKcp: false,
  kcpEnvironment: 'production',
  kcpSiteCd: '',
  kcpPpcliHome: '',
  bulkLocalAddress: '',
  otherLocalAddress: '',
  notes: '',
};

const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
const num = (v: string): number | undefined => (v.trim() === '' ? undefined : Number(v.replaceAll(',', '').trim()));

/**
 * What the form says, as a plan draft for checkNetworkPlan and network:savePlan: fields a mode does not use are
 * left out, an empty optional field is undefined (dropped on the way to the backend).
 */
export function planFromForm(v: PlanFormValues): Record<string, unknown> {
  const mode = v.mode === '' ? undefined : v.mode;
  const vpn = mode !== undefined && usesVpn(mode);
  const leased = mode !== undefined && usesLeasedLine(mode);
  const idcContact = opt(v.idcContactName) ?? opt(v.idcContactPhone) ?? opt(v.idcContactEmail);
  return {
    mode,
    institution: { name: v.institutionName.trim(), contact: { name: v.contactName.trim(), phone: v.contactPhone.trim(), email: v.contactEmail.trim() } },
    server: { publicIps: v.publicIps.split(/[\s,]+/).filter((x) => x !== ''), hostname: v.hostname.trim() },
    ...(vpn ? { vpn: { model: v.vpnModel.trim(), ip: v.vpnIp.trim() } } : {}),
    ...(leased
      ? {
          isps: [v.isp1, v.isp2].map((x) => x.trim()).filter((x) => x !== ''),
          idc: { address: v.idcAddress.trim(), ...(idcContact !== undefined ? { contact: { name: v.idcContactName.trim(), phone: v.idcContactPhone.trim(), email: v.idcContactEmail.trim() } } : {}) },
        }
      : {}),
    wishedOpeningDate: opt(v.wishedOpeningDate),
    volume: { dailyDocuments: num(v.dailyDocuments), peakHourPercent: num(v.peakHourPercent), plannedDates: opt(v.plannedDates), purpose: opt(v.purpose) },
    ...(v.usePayup ? { payup: { environment: v.payupEnvironment, merchantId: v.payupMerchantId.trim() } } : {}),
    ...(v.useKcp ? { kcp: { environment: v.kcpEnvironment, siteCd: v.kcpSiteCd.trim(), ...(opt(v.kcpPpcliHome) !== undefined ? { ppcliHome: v.kcpPpcliHome.trim() } : {}) } } : {}),
    bulkLocalAddress: opt(v.bulkLocalAddress),
    otherLocalAddress: opt(v.otherLocalAddress),
    notes: opt(v.notes),
  };
}

export function formFromPlan(p: NetworkPlan): PlanFormValues {
  return {
    ...EMPTY_PLAN_FORM,
    mode: p.mode,
    institutionName: p.institution.name,
    contactName: p.institution.contact.name,
    contactPhone: p.institution.contact.phone,
    contactEmail: p.institution.contact.email,
    publicIps: p.server.publicIps.join('\n'),
    hostname: p.server.hostname,
    vpnModel: p.vpn?.model ?? '',
    vpnIp: p.vpn?.ip ?? '',
    isp1: p.isps[0] ?? '',
    isp2: p.isps[1] ?? '',
    idcAddress: p.idc?.address ?? '',
    idcContactName: p.idc?.contact?.name ?? '',
    idcContactPhone: p.idc?.contact?.phone ?? '',
    idcContactEmail: p.idc?.contact?.email ?? '',
    wishedOpeningDate: p.wishedOpeningDate ?? '',
    dailyDocuments: String(p.volume.dailyDocuments),
    peakHourPercent: String(p.volume.peakHourPercent),
    plannedDates: p.volume.plannedDates ?? '',
    purpose: p.volume.purpose ?? '',
    usePayup: p.payup !== undefined,
    payupEnvironment: p.payup?.environment ?? 'production',
    payupMerchantId: p.payup?.merchantId ?? '',
    useKcp: p.kcp !== undefined,
    kcpEnvironment: p.kcp?.environment ?? 'production',
    kcpSiteCd: p.kcp?.siteCd ?? '',
    kcpPpcliHome: p.kcp?.ppcliHome ?? '',
    bulkLocalAddress: p.bulkLocalAddress ?? '',
    otherLocalAddress: p.otherLocalAddress ?? '',
    notes: p.notes ?? '',
  };
}

const FIELD_OF: Readonly<Record<string, PlanFormField>> = {
  mode: 'mode',
  'institution.name': 'institutionName',
  'institution.contact.name': 'contactName',
  'institution.contact.phone': 'contactPhone',
  'institution.contact.email': 'contactEmail',
  'server.publicIps': 'publicIps',
  'server.hostname': 'hostname',
  vpn: 'vpnModel',
  'vpn.model': 'vpnModel',
  'vpn.ip': 'vpnIp',
  isps: 'isp1',
  idc: 'idcAddress',
  'idc.address': 'idcAddress',
  'idc.contact.name': 'idcContactName',
  'idc.contact.phone': 'idcContactPhone',
  'idc.contact.email': 'idcContactEmail',
  wishedOpeningDate: 'wishedOpeningDate',
  'volume.dailyDocuments': 'dailyDocuments',
  'volume.peakHourPercent': 'peakHourPercent',
  'volume.plannedDates': 'plannedDates',
  'volume.purpose': 'purpose',
  payup: 'payupMerchantId',
  'payup.environment': 'payupEnvironment',
  'payup.merchantId': 'payupMerchantId',
  kcp: 'kcpSiteCd',
  'kcp.environment': 'kcpEnvironment',
  'kcp.siteCd': 'kcpSiteCd',
  'kcp.ppcliHome': 'kcpPpcliHome',
  bulkLocalAddress: 'bulkLocalAddress',
  otherLocalAddress: 'otherLocalAddress',
  notes: 'notes',
};

/** The form field a finding belongs to ('isps.1' → isp2; list items → the list's field); null for the plan as a whole. */
export function formFieldOf(issueField: string): PlanFormField | null {
  const isp = /^isps\.(\d+)$/.exec(issueField);
  if (isp) return isp[1] === '0' ? 'isp1' : 'isp2';
  const path = issueField.split('.').filter((s) => !/^\d+$/.test(s));
  for (let n = path.length; n > 0; n--) {
    const f = FIELD_OF[path.slice(0, n).join('.')];
    if (f) return f;
  }
  return null;
}

export function issuesOf(values: PlanFormValues, today: string): PlanIssue[] {
  return checkNetworkPlan(planFromForm(values), today).issues;
}

/** react-hook-form schema: the plan's refusals at their fields (warnings are shown, never block). */
export function planFormSchema(today: string): z.ZodType<PlanFormValues, PlanFormValues> {
  return z.custom<PlanFormValues>().superRefine((values, ctx) => {
    for (const issue of issuesOf(values, today)) {
      if (issue.severity !== 'error') continue;
      ctx.addIssue({ code: 'custom', path: [formFieldOf(issue.field) ?? 'root'], message: issue.message });
    }
  });
}
