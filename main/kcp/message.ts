// The KCP ACCO (계좌인증) module message (reference kcp-and-payup.md A3, A4, A9): built once from the validated
// request, then rendered for a transport — the Linux `pp_cli -h` argument, the Windows `pp_cli_exe` string, or
// the socket frame payload. Values never contain ',' '=' or control characters (validate.ts), so the
// separators below cannot be forged from input.
import type { ValidatedRequest } from './validate.ts';

/** chr(31): terminates every name=value pair inside a block (A4). */
export const US = '\x1f';
/** chr(30): terminates each payx_data sub-block (common=, bank=). */
export const RS = '\x1e';
/** chr(29): escw_data pairs (unused by ACCO). */
export const GS = '\x1d';

/** Same transaction code as a payment approval (A9). */
export const ACCO_TX_CD = '00100000';
/** 지불 타입: 계좌 인증 (A9). */
export const ACCO_BK_TXTYPE = '74200000';
export const ACCO_LOG_LEVEL = '3';

/** bk_code format (A9 "uncertain"): the sample sends '04'; KCP's refund fields use 'BK04'. A setting. */
export type BankCodeFormat = 'nn' | 'BKnn';

export type AccoMessage = {
  siteCd: string;
  siteKey: string;
  txCd: string;
  ordrIdxx: string;
  /** Inner block strings, each with its own inner name (A4), or '' when empty. */
  payxData: string;
  ordrData: string;
  rcvrData: string;
  escwData: string;
  modxData: string;
  encData: string;
  encInfo: string;
  traceNo: string;
  custIp: string;
  logLevel: string;
};

/** `name=value␟` for each non-empty value: KCP's library skips empty fields (A4). */
export function pairs(fields: readonly (readonly [string, string])[]): string {
  return fields
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}=${v}${US}`)
    .join('');
}

export function buildAccoMessage(
  req: ValidatedRequest,
  ctx: { siteCd: string; siteKey: string; custIp: string; orderId: string; bankCodeFormat?: BankCodeFormat },
): AccoMessage {
  const bkCode = ctx.bankCodeFormat === 'BKnn' ? `BK${req.bank.code}` : req.bank.code;
  const common = pairs([
    ['amount', '0'],
    ['cust_ip', ctx.custIp],
    ['escw_mod', 'N'],
  ]);
  const bank = pairs([
    ['bk_owner_nm', req.ownerName],
    ['bk_txtype', ACCO_BK_TXTYPE],
    ['bk_code', bkCode],
    ['bk_account_no', req.accountNo],
  ]);
  const ordr = pairs([['ordr_idxx', ctx.orderId]]);
  return {
    siteCd: ctx.siteCd,
    siteKey: ctx.siteKey,
    txCd: ACCO_TX_CD,
    ordrIdxx: ctx.orderId,
    payxData: `payx_data=common=${common}${RS}bank=${bank}${RS}`,
    ordrData: ordr === '' ? '' : `ordr_data=${ordr}`,
    rcvrData: '',
    escwData: '',
    modxData: '',
    encData: '',
    encInfo: '',
    traceNo: '',
    custIp: ctx.custIp,
    logLevel: ACCO_LOG_LEVEL,
  };
}

type Kv = readonly [string, string];

/** The fields shared by every rendering, in KCP's order (A3), after the module-location keys. */
function coreFields(m: AccoMessage): Kv[] {
  return [
    ['site_cd', m.siteCd],
    ['site_key', m.siteKey],
    ['tx_cd', m.txCd],
  ];
}

function join(fields: readonly Kv[]): string {
  // Empty values are still written at this level, e.g. `trace_no=,` (A3).
  return fields.map(([k, v]) => `${k}=${v}`).join(',');
}

/** Linux `pp_cli -h` argv[2] (A3, A9): one string, keys in exactly this order. opt=1 asks for UTF-8 I/O (A6). */
export function linuxArgument(m: AccoMessage, module: { home: string; gwHost: string; gwPort: number; logPath?: string; opt: '0' | '1' | '' }): string {
  return join([
    ['home', module.home],
    ...coreFields(m),
    ['pa_url', module.gwHost],
    ['pa_port', String(module.gwPort)],
    ['ordr_idxx', m.ordrIdxx],
    ['payx_data', m.payxData],
    ['ordr_data', m.ordrData],
    ['rcvr_data', m.rcvrData],
    ['escw_data', m.escwData],
    ['modx_data', m.modxData],
    ['enc_data', m.encData],
    ['enc_info', m.encInfo],
    ['trace_no', m.traceNo],
    ['cust_ip', m.custIp],
    ...(module.logPath !== undefined ? ([['log_path', module.logPath]] as Kv[]) : []),
    ['log_level', m.logLevel],
    ['opt', module.opt],
  ]);
}

/** Windows `pp_cli_exe` argument (A3): no -h, no home=, no opt=; the five blocks concatenated into plan_data. */
export function windowsArgument(m: AccoMessage, module: { gwHost: string; gwPort: number; keyPath: string; logPath: string }): string {
  return join([
    ...coreFields(m),
    ['pa_url', module.gwHost],
    ['pa_port', String(module.gwPort)],
    ['ordr_idxx', m.ordrIdxx],
    ['enc_data', m.encData],
    ['enc_info', m.encInfo],
    ['trace_no', m.traceNo],
    ['cust_ip', m.custIp],
    ['key_path', module.keyPath],
    ['log_path', module.logPath],
    ['log_level', m.logLevel],
    ['plan_data', `${m.payxData}${m.ordrData}${m.rcvrData}${m.escwData}${m.modxData}`],
  ]);
}

/**
 * Socket payload (our framing, main/kcp/framing.ts): the Linux argument without the module-location keys
 * (home, pa_url, pa_port, log_path) — those configure the local module, not the message — and with opt=0,
 * since the socket carries EUC-KR bytes.
 */
export function socketPayload(m: AccoMessage): string {
  return join([
    ...coreFields(m),
    ['ordr_idxx', m.ordrIdxx],
    ['payx_data', m.payxData],
    ['ordr_data', m.ordrData],
    ['rcvr_data', m.rcvrData],
    ['escw_data', m.escwData],
    ['modx_data', m.modxData],
    ['enc_data', m.encData],
    ['enc_info', m.encInfo],
    ['trace_no', m.traceNo],
    ['cust_ip', m.custIp],
    ['log_level', m.logLevel],
    ['opt', '0'],
  ]);
}

/**
 * The message as it may be logged (evidence-and-audit.md §9): site_key, the account number and the holder name
 * replaced. Separators are kept (JSON escapes them).
 */
export function redactedMessageText(text: string, secrets: { siteKey: string; accountNo: string; ownerName: string; accountMasked: string; ownerMasked: string }): string {
  let out = text.split(`site_key=${secrets.siteKey}`).join('site_key=***');
  out = out.split(`bk_account_no=${secrets.accountNo}`).join(`bk_account_no=${secrets.accountMasked}`);
  out = out.split(`bk_owner_nm=${secrets.ownerName}`).join(`bk_owner_nm=${secrets.ownerMasked}`);
  if (secrets.siteKey.length >= 4) out = out.split(secrets.siteKey).join('***');
  return out;
}
