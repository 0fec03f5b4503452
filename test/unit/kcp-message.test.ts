// The ACCO module message (reference kcp-and-payup.md A3, A4, A9) and result parsing (A7, A10).
import { describe, expect, it } from 'vitest';
import { buildAccoMessage, linuxArgument, pairs, redactedMessageText, socketPayload, windowsArgument } from '../../main/kcp/message.ts';
import { appTimeToMs, parseResultLine, resultLineOf } from '../../main/kcp/result.ts';
import { validateRequest, type ValidatedRequest } from '../../main/kcp/validate.ts';

const US = '\x1f';
const RS = '\x1e';

function request(): ValidatedRequest {
  const v = validateRequest({ bankCode: '06', accountNo: '123-456-789012', ownerName: '홍길동', orderId: 'ORD-1' });
  if (!v.ok) throw new Error('invalid');
  return v.request;
}

const ctx = { siteCd: 'T0000', siteKey: 'SITEKEY-MARKER-123', custIp: '10.0.0.5', orderId: 'ORD-1' };

describe('message model', () => {
  it('builds payx_data with the common= and bank= sub-blocks, each pair terminated by chr(31), each block by chr(30)', () => {
    const m = buildAccoMessage(request(), ctx);
    expect(m.txCd).toBe('00100000');
    // The legacy code 06 was mapped to 04 before anything was built.
    expect(m.payxData).toBe(
      `payx_data=common=amount=0${US}cust_ip=10.0.0.5${US}escw_mod=N${US}${RS}bank=bk_owner_nm=홍길동${US}bk_txtype=74200000${US}bk_code=04${US}bk_account_no=123456789012${US}${RS}`,
    );
    expect(m.ordrData).toBe(`ordr_data=ordr_idxx=ORD-1${US}`);
    expect(buildAccoMessage(request(), { ...ctx, bankCodeFormat: 'BKnn' }).payxData).toContain(`bk_code=BK04${US}`);
  });

  it('skips empty fields inside blocks, and an empty block has no inner prefix', () => {
    expect(pairs([['a', '1'], ['b', ''], ['c', '3']])).toBe(`a=1${US}c=3${US}`);
    const m = buildAccoMessage(request(), { ...ctx, orderId: '' });
    expect(m.ordrData).toBe('');
    expect(socketPayload(m)).toContain(',ordr_data=,rcvr_data=,');
  });

  it('renders the Linux pp_cli -h argument with the keys in exactly KCP order and opt', () => {
    const arg = linuxArgument(buildAccoMessage(request(), ctx), { home: '/opt/kcp', gwHost: 'testpaygw.kcp.co.kr', gwPort: 8090, opt: '1' });
    const keys = arg.split(',').map((p) => p.slice(0, p.indexOf('=')));
    expect(keys).toEqual(['home', 'site_cd', 'site_key', 'tx_cd', 'pa_url', 'pa_port', 'ordr_idxx', 'payx_data', 'ordr_data', 'rcvr_data', 'escw_data', 'modx_data', 'enc_data', 'enc_info', 'trace_no', 'cust_ip', 'log_level', 'opt']);
    expect(arg.startsWith('home=/opt/kcp,site_cd=T0000,site_key=SITEKEY-MARKER-123,tx_cd=00100000,pa_url=testpaygw.kcp.co.kr,pa_port=8090,ordr_idxx=ORD-1,payx_data=payx_data=common=')).toBe(true);
    expect(arg.endsWith(',rcvr_data=,escw_data=,modx_data=,enc_data=,enc_info=,trace_no=,cust_ip=10.0.0.5,log_level=3,opt=1')).toBe(true);
    expect(arg).not.toMatch(/\n/);
  });

  it('renders the Windows pp_cli_exe string: no home, no opt, key_path/log_path, plan_data = the blocks concatenated', () => {
    const m = buildAccoMessage(request(), ctx);
    const arg = windowsArgument(m, { gwHost: 'testpaygw.kcp.co.kr', gwPort: 8090, keyPath: 'C:\\kcp\\bin\\pub.key', logPath: 'C:\\kcp\\log' });
    const keys = arg.split(',').map((p) => p.slice(0, p.indexOf('=')));
    expect(keys).toEqual(['site_cd', 'site_key', 'tx_cd', 'pa_url', 'pa_port', 'ordr_idxx', 'enc_data', 'enc_info', 'trace_no', 'cust_ip', 'key_path', 'log_path', 'log_level', 'plan_data']);
    expect(arg.endsWith(`plan_data=${m.payxData}${m.ordrData}`)).toBe(true);
  });

  it('redacts site_key, the account number and the holder name for logs', () => {
    const arg = linuxArgument(buildAccoMessage(request(), ctx), { home: '/opt/kcp', gwHost: 'h', gwPort: 1, opt: '1' });
    const red = redactedMessageText(arg, { siteKey: ctx.siteKey, accountNo: '123456789012', ownerName: '홍길동', accountMasked: '국민 ****9012', ownerMasked: '홍*동' });
    expect(red).not.toContain('SITEKEY-MARKER-123');
    expect(red).not.toContain('123456789012');
    expect(red).not.toContain('홍길동');
    expect(red).toContain('site_key=***');
    expect(red).toContain('bk_account_no=국민 ****9012');
  });
});

describe('result parsing', () => {
  it('splits on chr(31), drops empty pieces, splits at the first "=", last key wins', () => {
    const r = parseResultLine(`res_cd=0000${US}${US}res_msg=정상=처리${US}tno=20170424942340${US}app_time=20170424142638${US}x=1${US}x=2${US}\r\n`);
    expect(r).not.toBeNull();
    expect(r?.resCd).toBe('0000');
    expect(r?.resMsg).toBe('정상=처리');
    expect(r?.fields.tno).toBe('20170424942340');
    expect(r?.fields.x).toBe('2');
    expect(r?.duplicates).toEqual(['x']);
    expect(parseResultLine('no result here')).toBeNull();
  });

  it('takes the line with res_cd= after a Windows code-page banner, else the last non-empty line', () => {
    expect(resultLineOf(`Active code page: 949\r\nres_cd=0000${US}res_msg=ok${US}\r\n\r\n`)).toBe(`res_cd=0000${US}res_msg=ok${US}`);
    expect(resultLineOf('banner\nlast\n\n')).toBe('last');
    expect(resultLineOf('\n \n')).toBeNull();
  });

  it('reads app_time as KST yyyyMMddHHmmss', () => {
    expect(appTimeToMs('20170424142638')).toBe(Date.UTC(2017, 3, 24, 5, 26, 38));
    expect(appTimeToMs('20171332000000')).toBeNull();
    expect(appTimeToMs('0424')).toBeNull();
  });
});
