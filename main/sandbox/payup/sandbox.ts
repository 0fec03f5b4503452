// The simulated PayUp (DESIGN §9; main/sandbox/README.md "PayUp"): HTTPS with the committed test certificate on
// loopback, the cancel endpoint of seed 002 §3.4 with signature checks, deterministic answers, fault injection
// and a ledger of cancels.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { SANDBOX_PAYUP_API_CERT_KEY, SANDBOX_PAYUP_HOST, SANDBOX_PAYUP_MERCHANT_ID } from '../credentials.ts';
import { SANDBOX_CA_FILE, SANDBOX_SERVER_CERT_FILE, SANDBOX_SERVER_KEY_FILE } from '../tls/paths.ts';
import { createPayupFaultBook, payupFaultsSchema, type PayupFaults } from './faults.ts';
import { handlePayupRequest, type HandlerContext, type PayupAnswer } from './handler.ts';
import { openPayupLedger, type PayupLedgerReader } from './ledger.ts';

export type PayupSandboxOptions = {
  /** Listen address (default 127.0.0.1). */
  address?: string;
  /** 0 = random (default). */
  port?: number;
  /** Ledger file; in memory when omitted. */
  ledgerPath?: string;
  /** merchantId → apiCertKey; the sandbox merchant is always included unless overridden. */
  merchants?: Record<string, string>;
};

export type PayupSandboxInfo = { host: string; port: number; addresses: string[]; caFile: string; merchantId: string; baseUrl: string; ledgerPath: string | null };

export type PayupSandbox = PayupSandboxInfo & {
  info(): PayupSandboxInfo;
  setFaults(f: PayupFaults): void;
  clearFaults(): void;
  ledger: PayupLedgerReader;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 64 * 1024;

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function encode(a: PayupAnswer): Buffer {
  return Buffer.from(a.json === null ? '' : JSON.stringify(a.json), 'utf8');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());

export async function startPayupSandbox(opts: PayupSandboxOptions = {}): Promise<PayupSandbox> {
  const address = opts.address ?? '127.0.0.1';
  const merchants = new Map(Object.entries({ [SANDBOX_PAYUP_MERCHANT_ID]: SANDBOX_PAYUP_API_CERT_KEY, ...(opts.merchants ?? {}) }));
  const ledger = openPayupLedger(opts.ledgerPath ?? null);
  const ctx: HandlerContext = { merchants, ledger, now: Date.now };
  const faults = createPayupFaultBook();
  const sockets = new Set<Socket>();
  let closed = false;

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    if (closed) return void res.socket?.destroy();
    if (body === null) {
      res.writeHead(413).end();
      return;
    }
    const applied = faults.take();
    if (applied.latencyMs > 0) await sleep(applied.latencyMs);
    if (closed) return void res.socket?.destroy();
    const action = applied.action;
    if (action?.kind === 'wholeRequest' && !action.processFirst) {
      // Not processed: the proxy in front of PayUp answered.
      ledger.insertRequest({ receivedAt: Date.now(), merchantId: '', transactionId: null, signatureOk: false, responseCode: null, httpStatus: action.status, fault: 'wholeRequest' });
      res.writeHead(action.status, { 'content-type': 'text/html' }).end(`<html><body><h1>${action.status}</h1></body></html>`);
      return;
    }
    const { requestId, answer } = handlePayupRequest(ctx, {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      contentType: String(req.headers['content-type'] ?? ''),
      body,
    });
    const payload = encode(answer);
    if (action === null) {
      res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length }).end(payload);
      return;
    }
    if (requestId !== null) ledger.setResult(requestId, answer.json?.responseCode ?? null, action.kind === 'wholeRequest' ? action.status : null, action.kind);
    switch (action.kind) {
      case 'wholeRequest':
        res.writeHead(action.status, { 'content-type': 'text/html' }).end(`<html><body><h1>${action.status}</h1></body></html>`);
        return;
      case 'timeoutAfterBody':
        return; // processed and recorded, never answered
      case 'resetMidResponse':
        res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': payload.length });
        res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
        return;
    }
  }

  const server = https.createServer(
    { key: readFileSync(SANDBOX_SERVER_KEY_FILE), cert: readFileSync(SANDBOX_SERVER_CERT_FILE), keepAliveTimeout: 5_000 },
    (req, res) => {
      onRequest(req, res).catch(() => {
        if (!res.headersSent && !closed) res.writeHead(500).end();
        else res.socket?.destroy();
      });
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, address, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const info = (): PayupSandboxInfo => ({
    host: SANDBOX_PAYUP_HOST,
    port,
    addresses: [address],
    caFile: SANDBOX_CA_FILE,
    merchantId: SANDBOX_PAYUP_MERCHANT_ID,
    baseUrl: `https://${SANDBOX_PAYUP_HOST}:${port}`,
    ledgerPath: opts.ledgerPath ?? null,
  });
  return {
    ...info(),
    info,
    setFaults: (f) => faults.set(payupFaultsSchema.parse(f)),
    clearFaults: () => faults.clear(),
    ledger,
    async close() {
      if (closed) return;
      closed = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      ledger.close();
    },
  };
}
