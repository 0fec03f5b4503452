// HTTPS listeners of the simulated docs-gw: the same port on every address (like the two IDCs behind one
// host name), the committed test certificate, and the transport-level faults (faults.ts). An address in
// `refuseAddresses` really stops listening (clients get ECONNREFUSED) and listens again when cleared.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { SANDBOX_SERVER_CERT_FILE, SANDBOX_SERVER_KEY_FILE } from '../tls/paths.ts';
import type { FaultBook } from './faults.ts';
import { handleGatewayRequest, ledgerPath, routeOf, type GatewayContext, type GatewayResponse } from './gateway.ts';

/** Bodies above this are refused (a bulk request of 100 maximal documents is ~150 KB). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Idle keep-alive sockets live 5 s, like Node's default and below nothing the client assumes (service-client.ts). */
const SERVER_KEEP_ALIVE_MS = 5_000;

const PROXY_ERROR_PAGE = (status: number): string =>
  `<html>\r\n<head><title>${status} Bad Gateway</title></head>\r\n<body>\r\n<center><h1>${status} Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;

export type GatewayListeners = {
  port: number;
  addresses: string[];
  /** Closes the listeners of `refused` and re-opens the others. */
  applyRefusals(refused: readonly string[]): Promise<void>;
  close(): Promise<void>;
};

type Listener = { address: string; server: https.Server | null; sockets: Set<Socket> };

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, r: GatewayResponse): void {
  if (r.json === null) {
    res.writeHead(r.status).end();
    return;
  }
  const body = Buffer.from(JSON.stringify(r.json), 'utf8');
  res.writeHead(r.status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length }).end(body);
}

/** Writes the status line, headers and half of the body, then destroys the socket. */
function resetMidResponse(res: ServerResponse, r: GatewayResponse): void {
  const body = r.json === null ? Buffer.alloc(0) : Buffer.from(JSON.stringify(r.json), 'utf8');
  if (body.length < 2) {
    res.socket?.destroy();
    return;
  }
  res.writeHead(r.status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

export async function startGatewayListeners(opts: {
  addresses: string[];
  port: number;
  ctx: GatewayContext;
  faults: FaultBook;
  isClosed: () => boolean;
}): Promise<GatewayListeners> {
  const key = readFileSync(SANDBOX_SERVER_KEY_FILE);
  const cert = readFileSync(SANDBOX_SERVER_CERT_FILE);
  const { ctx, faults } = opts;

  async function onRequest(req: IncomingMessage, res: ServerResponse, address: string): Promise<void> {
    const body = await readBody(req);
    if (opts.isClosed()) return void res.socket?.destroy();
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (body === null) {
      send(res, { status: 413, json: { error_code: 'INVALID_VALUE', error_message: '요청 본문이 너무 큽니다.' } });
      return;
    }
    const route = routeOf(method, url);
    const applied = faults.take(route.endpoint);
    if (applied.latencyMs > 0) await sleep(applied.latencyMs);
    if (opts.isClosed()) return void res.socket?.destroy();
    const action = applied.action;

    // Faults that answer without processing: the request is recorded, nothing else happens.
    if (action?.kind === 'nonJsonError' || (action?.kind === 'wholeRequest' && !action.processFirst)) {
      const status = action.status;
      const outcome = action.kind === 'nonJsonError' ? 'FAULT_NON_JSON' : action.errorCode;
      ctx.ledger.insertRequest({
        endpoint: route.endpoint,
        method,
        path: ledgerPath(route, url),
        address,
        remoteAddress: req.socket.remoteAddress ?? null,
        receivedAt: ctx.now(),
        itemCount: 0,
        httpStatus: status,
        outcome,
        fault: action.kind,
      });
      if (action.kind === 'nonJsonError') {
        const page = Buffer.from(PROXY_ERROR_PAGE(status), 'utf8');
        res.writeHead(status, { 'content-type': 'text/html', 'content-length': page.length }).end(page);
      } else {
        send(res, { status, json: { error_code: action.errorCode, error_message: action.errorMessage } });
      }
      return;
    }

    const { requestId, response } = handleGatewayRequest(
      ctx,
      { method, url, headers: req.headers, body, address, remoteAddress: req.socket.remoteAddress ?? null },
      { timestampsInMillis: applied.timestampsInMillis },
    );
    if (action === null) return send(res, response);
    ctx.ledger.setRequestFault(requestId, action.kind);
    switch (action.kind) {
      case 'wholeRequest':
        return send(res, { status: action.status, json: { error_code: action.errorCode, error_message: action.errorMessage } });
      case 'timeoutAfterBody':
        return; // processed and recorded; never answered (the socket is destroyed on close)
      case 'resetMidResponse':
        return resetMidResponse(res, response);
    }
  }

  const listeners: Listener[] = opts.addresses.map((address) => ({ address, server: null, sockets: new Set() }));

  function listen(l: Listener, port: number): Promise<number> {
    const server = https.createServer({ key, cert, keepAliveTimeout: SERVER_KEEP_ALIVE_MS }, (req, res) => {
      onRequest(req, res, l.address).catch(() => {
        if (!res.headersSent && !opts.isClosed()) {
          send(res, { status: 500, json: { error_code: 'INTERNAL_ERROR', error_message: '서버 에러입니다. 다시 시도해 주세요.' } });
        } else res.socket?.destroy();
      });
    });
    server.on('connection', (socket: Socket) => {
      l.sockets.add(socket);
      socket.on('close', () => l.sockets.delete(socket));
    });
    // Handshake failures (e.g. a client that does not trust the test CA) are the client's business.
    server.on('tlsClientError', () => {});
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, l.address, () => {
        server.off('error', reject);
        l.server = server;
        const addr = server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
      });
    });
  }

  function stop(l: Listener): Promise<void> {
    const server = l.server;
    if (server === null) return Promise.resolve();
    l.server = null;
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of l.sockets) s.destroy();
      l.sockets.clear();
    });
  }

  // Port 0: pick a free port on the first address, then claim the same one everywhere; retry on a clash.
  let port = opts.port;
  for (let attempt = 0; ; attempt++) {
    try {
      const first = listeners[0];
      if (first === undefined) throw new Error('the sandbox needs at least one address');
      port = await listen(first, opts.port);
      for (const l of listeners.slice(1)) await listen(l, port);
      break;
    } catch (err) {
      await Promise.all(listeners.map(stop));
      const code = (err as { code?: unknown }).code;
      if (opts.port !== 0 || code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }

  return {
    port,
    addresses: [...opts.addresses],
    async applyRefusals(refused) {
      for (const l of listeners) {
        if (refused.includes(l.address)) await stop(l);
        else if (l.server === null) await listen(l, port);
      }
    },
    async close() {
      await Promise.all(listeners.map(stop));
    },
  };
}
