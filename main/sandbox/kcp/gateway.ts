// Sandbox KCP gateway: TCP on loopback speaking the KCPF framing (one exchange per connection), EUC-KR, the
// sandbox bank (accounts.ts), a ledger of what it received, and fault injection.
import net from 'node:net';
import { z } from 'zod';
import { SANDBOX_KCP_CODES, SANDBOX_KCP_SITE_CD, SANDBOX_KCP_SITE_KEY, lookup } from './accounts.ts';
import { decode, encode, firstFrame, frame, resultLine, subBlocks, topLevel } from './protocol.ts';

const countable = z.union([z.literal(true), z.strictObject({ count: z.number().int().positive().optional() })]);

export const kcpFaultsSchema = z.strictObject({
  /** Delay before answering each request. */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** Process the request, then send half of the answer frame and close the connection. */
  closeMidFrame: countable.optional(),
  /** Process the request, then never answer (the client times out). */
  noAnswer: countable.optional(),
  /** Send the answer one byte per write (exercises the client's reassembly). */
  dribble: z.boolean().optional(),
});
export type KcpFaults = z.infer<typeof kcpFaultsSchema>;

export type KcpLedgerEntry = {
  at: number;
  siteCd: string;
  bankCode: string;
  /** Last 4 digits only: a rehearsal may use real accounts. */
  accountLast4: string;
  ordrIdxx: string;
  resCd: string;
  tno: string | null;
  fault: string | null;
};

export type KcpSandboxInfo = { host: string; port: number; siteCd: string };

export type KcpSandbox = {
  host: string;
  port: number;
  siteCd: string;
  info(): KcpSandboxInfo;
  setFaults(f: KcpFaults): void;
  clearFaults(): void;
  ledger(): readonly KcpLedgerEntry[];
  close(): Promise<void>;
};

const LEDGER_MAX = 200_000;
/** A client that does not close after its answer is cut off after this long. */
const CLOSE_AFTER_MS = 30_000;

function kstStamp(ms: number): string {
  const d = new Date(ms + 9 * 3_600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export async function startKcpSandbox(options: { host?: string; port?: number; siteCd?: string; siteKey?: string } = {}): Promise<KcpSandbox> {
  const host = options.host ?? '127.0.0.1';
  const siteCd = options.siteCd ?? SANDBOX_KCP_SITE_CD;
  const siteKey = options.siteKey ?? SANDBOX_KCP_SITE_KEY;
  let faults: KcpFaults = {};
  const remaining = new Map<string, number>();
  const entries: KcpLedgerEntry[] = [];
  let seq = 0;
  const sockets = new Set<net.Socket>();

  /** Whether a countable fault applies to this request (and uses one of its count). */
  function take(name: 'closeMidFrame' | 'noAnswer'): boolean {
    const f = faults[name];
    if (f === undefined) return false;
    if (f === true || f.count === undefined) return true;
    const left = remaining.get(name) ?? f.count;
    if (left <= 0) return false;
    remaining.set(name, left - 1);
    return true;
  }

  function answer(payload: Buffer): { fields: Record<string, string>; entry: Omit<KcpLedgerEntry, 'fault'> } {
    const text = decode(payload);
    const top = topLevel(text);
    const payx = subBlocks(top.get('payx_data') ?? '');
    const bank = payx.get('bank') ?? new Map<string, string>();
    const ordrIdxx = top.get('ordr_idxx') ?? '';
    const bkCode = (bank.get('bk_code') ?? '').replace(/^BK/, '');
    const account = bank.get('bk_account_no') ?? '';
    const base = { at: Date.now(), siteCd: top.get('site_cd') ?? '', bankCode: bkCode, accountLast4: account.slice(-4), ordrIdxx };
    let r: { code: string; message: string };
    if (top.get('site_cd') !== siteCd || top.get('site_key') !== siteKey) r = SANDBOX_KCP_CODES.siteAuth;
    else if (top.get('tx_cd') !== '00100000' || bank.get('bk_txtype') !== '74200000' || !payx.has('common') || account === '' || !bank.get('bk_owner_nm')) {
      r = SANDBOX_KCP_CODES.badMessage;
    } else r = lookup(bkCode, account, bank.get('bk_owner_nm') ?? '');
    if (r.code !== '0000') return { fields: { res_cd: r.code, res_msg: r.message }, entry: { ...base, resCd: r.code, tno: null } };
    seq = (seq + 1) % 1_000_000;
    const now = Date.now();
    const tno = `${kstStamp(now).slice(0, 8)}${String(seq).padStart(6, '0')}`;
    return {
      fields: { res_cd: r.code, res_msg: r.message, ...(ordrIdxx ? { ordr_idxx: ordrIdxx } : {}), tno, app_time: kstStamp(now) },
      entry: { ...base, resCd: r.code, tno },
    };
  }

  function record(e: KcpLedgerEntry): void {
    if (entries.length >= LEDGER_MAX) entries.shift();
    entries.push(e);
  }

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buf: Buffer = Buffer.alloc(0);
    let handled = false;
    socket.on('data', (chunk: Buffer) => {
      if (handled) return;
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      const payload = firstFrame(buf);
      if (payload === null) return;
      handled = true;
      if (payload === 'bad') {
        socket.destroy();
        return;
      }
      const { fields, entry } = answer(Buffer.from(payload));
      const out = frame(encode(resultLine(fields)));
      const closeMid = take('closeMidFrame');
      const silent = !closeMid && take('noAnswer');
      record({ ...entry, fault: closeMid ? 'closeMidFrame' : silent ? 'noAnswer' : null });
      const send = (): void => {
        if (socket.destroyed) return;
        if (silent) return;
        if (closeMid) {
          socket.end(out.subarray(0, Math.floor(out.length / 2)));
          return;
        }
        if (faults.dribble) {
          for (let i = 0; i < out.length; i++) socket.write(out.subarray(i, i + 1));
        } else {
          socket.write(out);
        }
        // The client closes first (framing contract): the TIME_WAIT stays on the client side, where Linux reuses
        // it for loopback connects — a gateway closing first would exhaust ephemeral ports under a batch.
        socket.setTimeout(CLOSE_AFTER_MS, () => socket.destroy());
        socket.once('end', () => socket.end());
      };
      const delay = faults.latencyMs ?? 0;
      if (delay > 0) setTimeout(send, delay);
      else send();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;

  return {
    host,
    port,
    siteCd,
    info: () => ({ host, port, siteCd }),
    setFaults(f) {
      faults = kcpFaultsSchema.parse(f);
      remaining.clear();
    },
    clearFaults() {
      faults = {};
      remaining.clear();
    },
    ledger: () => entries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
