// The `socket` transport against the sandbox KCP gateway: result codes, frames split at every byte boundary in
// both directions, faults (close mid-frame, no answer, refused), nothing sent for unencodable or forbidden
// input, and the site_key never in a log.
import net from 'node:net';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder } from '../../main/kcp/framing.ts';
import { buildAccoMessage, socketPayload } from '../../main/kcp/message.ts';
import { createSocketTransport } from '../../main/kcp/socket-transport.ts';
import { validateRequest } from '../../main/kcp/validate.ts';
import { startKcpSandbox, type KcpSandbox } from '../../main/sandbox/kcp/gateway.ts';
import { createMemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import { kcpProfile, kcpTestService } from '../helpers/kcp-service.ts';

const SITE_KEY = 'SOCKET-SITEKEY-MARKER-91b2';
let gw: KcpSandbox;
beforeAll(async () => {
  gw = await startKcpSandbox({ siteKey: SITE_KEY });
});
afterAll(async () => {
  await gw.close();
});
afterEach(() => gw.clearFaults());

const setup = (kcp: Record<string, unknown> = {}) =>
  kcpTestService({ profile: kcpProfile({ transport: 'socket', host: gw.host, port: gw.port, ...kcp }), siteKey: SITE_KEY });

function requestFrame(owner = '홍길동'): Buffer {
  const v = validateRequest({ bankCode: '04', accountNo: '12345678901234', ownerName: owner });
  if (!v.ok) throw new Error('invalid');
  const m = buildAccoMessage(v.request, { siteCd: 'T0000', siteKey: SITE_KEY, custIp: '127.0.0.1', orderId: 'SPLIT' });
  return encodeFrame(iconv.encode(socketPayload(m), 'euc-kr'));
}

/** Writes `frame` to the gateway in two pieces split at `k`, with a pause between, and returns the answer line. */
function sendSplit(frame: Buffer, k: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: gw.host, port: gw.port });
    const d = new FrameDecoder();
    s.setNoDelay(true);
    s.on('connect', () => {
      s.write(frame.subarray(0, k));
      setTimeout(() => s.write(frame.subarray(k)), 2);
    });
    s.on('data', (c: Buffer) => {
      const [f] = d.push(c);
      if (f) {
        resolve(iconv.decode(f, 'euc-kr'));
        s.destroy();
      }
    });
    s.on('error', reject);
  });
}

describe('result codes of the sandbox bank', () => {
  it('verified, wrong owner, unknown account, closed account; tno and app_time kept', async () => {
    const t = setup();
    try {
      const ok = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(ok).toMatchObject({ state: 'VERIFIED', verified: true, resCd: '0000', resMsg: '정상처리', accountMasked: '국민 ****1234', ownerMasked: '홍*동', transport: 'socket' });
      expect(ok.tno).toMatch(/^\d{14}$/);
      expect(ok.appTimeMs).toBeGreaterThan(0);
      const stored = t.db.prepare('SELECT tno, app_time, account_no, owner_name FROM kcp_verifications WHERE id = ?').get(ok.id);
      expect(stored).toEqual({ tno: ok.tno, app_time: ok.appTime, account_no: '12345678901234', owner_name: '홍길동' });
      expect((await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길순' })).resCd).toBe('8201');
      expect((await t.service.verify({ bankCode: '04', accountNo: '1111', ownerName: '홍길동' })).resCd).toBe('8202');
      expect((await t.service.verify({ bankCode: '11', accountNo: '3020000123456', ownerName: '정다은' })).resCd).toBe('8203');
    } finally {
      await t.close();
    }
  });

  it('sends the current code for a merged bank (06 → 04), never the old one', async () => {
    const t = setup();
    try {
      const r = await t.service.verify({ bankCode: '06', accountNo: '12345678901234', ownerName: '홍길동', orderId: 'LEGACY-06' });
      expect(r).toMatchObject({ state: 'VERIFIED', bankCode: '04', bankCodeMappedFrom: '06' });
      expect(gw.ledger().find((e) => e.ordrIdxx === 'LEGACY-06')?.bankCode).toBe('04');
    } finally {
      await t.close();
    }
  });
});

describe('frames split at every byte boundary', () => {
  it('the gateway reassembles a request frame split at each of its byte boundaries', async () => {
    const frame = requestFrame();
    for (let k = 1; k < frame.length; k++) {
      const line = await sendSplit(frame, k);
      expect(line.startsWith('res_cd=0000\x1f')).toBe(true);
    }
  });

  it('the client transport reassembles an answer frame split at each of its byte boundaries', async () => {
    const answer = encodeFrame(iconv.encode('res_cd=0000\x1fres_msg=정상처리\x1ftno=20261122123456\x1fapp_time=20261122101010\x1f', 'euc-kr'));
    let k = 1;
    const server = net.createServer((s) => {
      const split = k;
      s.once('data', () => {
        s.write(answer.subarray(0, split));
        setTimeout(() => s.end(answer.subarray(split)), 2);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as net.AddressInfo).port;
    const sink = createMemoryExchangeSink();
    const transport = createSocketTransport({ host: '127.0.0.1', port, timeoutMs: 5_000, exchangeSink: sink });
    const v = validateRequest({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
    if (!v.ok) throw new Error('invalid');
    const message = buildAccoMessage(v.request, { siteCd: 'T0000', siteKey: SITE_KEY, custIp: '127.0.0.1', orderId: 'X' });
    try {
      for (k = 1; k < answer.length; k++) {
        const out = await transport.verify({ message, redact: (s) => s.split(SITE_KEY).join('***'), correlation: {} });
        expect(out.kind).toBe('answer');
        if (out.kind === 'answer') {
          expect(out.result.resMsg).toBe('정상처리');
          expect(out.result.fields.tno).toBe('20261122123456');
        }
      }
      expect(sink.records).toHaveLength(answer.length - 1);
      expect(sink.serialized()).not.toContain(SITE_KEY);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a dribbled answer (one byte per write) from the gateway is reassembled', async () => {
    gw.setFaults({ dribble: true });
    const t = setup();
    try {
      expect((await t.service.verify({ bankCode: '88', accountNo: '110123456789', ownerName: '김철수' })).state).toBe('VERIFIED');
    } finally {
      await t.close();
    }
  });
});

describe('faults', () => {
  it('a connection closed mid-frame leaves the verification UNKNOWN (the gateway processed it)', async () => {
    gw.setFaults({ closeMidFrame: { count: 1 } });
    const t = setup();
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동', orderId: 'MID-1' });
      expect(r.state).toBe('UNKNOWN');
      expect(r.errorCode).toBe('CLOSED_MID_FRAME');
      expect(gw.ledger().find((e) => e.ordrIdxx === 'MID-1')?.fault).toBe('closeMidFrame');
      // Not retried automatically: one exchange, one ledger entry.
      expect(t.exchangeCount()).toBe(1);
      expect(gw.ledger().filter((e) => e.ordrIdxx === 'MID-1')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });

  it('no answer within the timeout → UNKNOWN; latency below the timeout is fine', async () => {
    gw.setFaults({ noAnswer: { count: 1 } });
    const t = setup({ timeoutMs: 500 });
    try {
      expect((await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' })).errorCode).toBe('TIMEOUT');
      gw.setFaults({ latencyMs: 100 });
      expect((await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' })).state).toBe('VERIFIED');
    } finally {
      await t.close();
    }
  });

  it('a refused connection never reached the gateway: FAILED after one retry', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const t = setup({ port });
    try {
      const r = await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' });
      expect(r.state).toBe('FAILED');
      expect(r.errorCode).toBe('ECONNREFUSED');
      expect(r.message).toMatch(/KCP에 요청하지 못했습니다/);
      expect(t.exchangeCount()).toBe(2);
    } finally {
      await t.close();
    }
  });
});

describe('refused input: nothing sent', () => {
  it('an owner name EUC-KR cannot encode is a clear error; no journal row, no exchange, nothing at the gateway', async () => {
    const t = setup();
    const before = gw.ledger().length;
    try {
      await expect(t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '김㐂수' })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        exitCode: 2,
        message: expect.stringMatching(/EUC-KR.*'㐂'/),
      });
      await expect(t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍;길동' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(t.service.verify({ bankCode: '92', accountNo: '12345678901234', ownerName: '홍길동' })).rejects.toMatchObject({ code: 'UNVERIFIED_BANK', exitCode: 3 });
      expect(gw.ledger().length).toBe(before);
      expect(t.exchangeCount()).toBe(0);
      expect((t.db.prepare('SELECT count(*) n FROM kcp_verifications').get() as { n: number }).n).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('refuses a socket profile pointed at KCP’s own gateway (configuration error)', async () => {
    const t = kcpTestService({ profile: kcpProfile({ transport: 'socket', host: 'testpaygw.kcp.co.kr', port: 8090 }), siteKey: SITE_KEY });
    try {
      await expect(t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' })).rejects.toMatchObject({ code: 'KCP_SOCKET_TO_KCP', exitCode: 4 });
    } finally {
      await t.close();
    }
  });
});

it('the site_key marker never appears in the exchange log, the operator log or a result', async () => {
  const t = setup();
  try {
    const results = [
      await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길동' }),
      await t.service.verify({ bankCode: '04', accountNo: '12345678901234', ownerName: '홍길순' }),
    ];
    expect(JSON.stringify(results)).not.toContain(SITE_KEY);
    expect(t.allText()).not.toContain(SITE_KEY);
    const logs = JSON.stringify(t.db.prepare('SELECT * FROM exchange_log').all());
    expect(logs).toContain('site_key=***');
    expect(logs).not.toContain('12345678901234');
  } finally {
    await t.close();
  }
});
