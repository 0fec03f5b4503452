// Hand-made misbehaving servers on loopback for the transport tests: each one produces one precise failure
// (refused, silent TCP, reset during the TLS handshake, silent after the body, reset after the body).
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SANDBOX_SERVER_CERT_FILE, SANDBOX_SERVER_KEY_FILE } from '../../main/sandbox/tls/paths.ts';

export type RawServer = {
  port: number;
  address: string;
  requests: number;
  bodies: string[];
  /** Client (source) addresses of the requests, for local-address binding tests. */
  remotes: string[];
  close(): Promise<void>;
};

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  return sockets;
}

function listen(server: net.Server, address: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => {
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
}

/** A port on `address` where nothing listens (connect → ECONNREFUSED). */
export async function closedPort(address = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  const port = await listen(server, address, 0);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts TCP connections and never says a word (the TLS handshake never completes). */
export async function silentTcpServer(address = '127.0.0.1', port = 0): Promise<RawServer> {
  const server = net.createServer(() => {});
  const sockets = track(server);
  const p = await listen(server, address, port);
  return { port: p, address, requests: 0, bodies: [], remotes: [], close: closer(server, sockets) };
}

/** Accepts TCP connections and resets them at once (the client is still in its TLS handshake). */
export async function resetOnConnectServer(address = '127.0.0.1', port = 0): Promise<RawServer> {
  const server = net.createServer((s) => s.resetAndDestroy());
  const sockets = track(server);
  const p = await listen(server, address, port);
  return { port: p, address, requests: 0, bodies: [], remotes: [], close: closer(server, sockets) };
}

export type TlsMode =
  /** answers 200 {"ok":true} */
  | 'ok'
  /** reads the whole request, then never answers */
  | 'silentAfterBody'
  /** reads the whole request, then resets the connection */
  | 'resetAfterBody'
  /** answers the headers and half the body, then resets */
  | 'resetMidBody';

/** HTTPS with the sandbox test certificate, behaving as `mode`. */
export async function tlsServer(mode: TlsMode, address = '127.0.0.1', port = 0): Promise<RawServer> {
  const state: RawServer = { port: 0, address, requests: 0, bodies: [], remotes: [], close: async () => {} };
  // The TCP socket under each TLS socket, by client port: only a TCP handle can send an RST.
  const raw = new Map<number, net.Socket>();
  const reset = (req: IncomingMessage): void => {
    const tcp = raw.get(req.socket.remotePort ?? -1);
    if (tcp) tcp.resetAndDestroy();
    else req.socket.destroy();
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.requests += 1;
      state.remotes.push(req.socket.remoteAddress ?? '');
      state.bodies.push(Buffer.concat(chunks).toString('utf8'));
      if (mode === 'ok') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      } else if (mode === 'resetAfterBody') {
        reset(req);
      } else if (mode === 'resetMidBody') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
        res.write('{"documents":[', () => reset(req));
      }
      // silentAfterBody: nothing
    });
  };
  const server = https.createServer(
    { key: fs.readFileSync(SANDBOX_SERVER_KEY_FILE), cert: fs.readFileSync(SANDBOX_SERVER_CERT_FILE) },
    handler,
  );
  server.on('tlsClientError', () => {});
  server.on('connection', (s: net.Socket) => {
    const p = s.remotePort;
    if (p === undefined) return;
    raw.set(p, s);
    s.on('close', () => raw.delete(p));
  });
  const sockets = track(server);
  state.port = await listen(server, address, port);
  state.close = closer(server, sockets);
  return state;
}
