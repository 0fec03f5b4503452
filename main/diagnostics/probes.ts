// The network probes behind diagnostics and the flow check: a DNS answer, a TCP connect and a TLS handshake verified
// against the host name, each optionally from a given local address (the line the profile binds, seed 001 §2.2).
// They open only the connections the clients themselves would open (DESIGN §5: pinned addresses; DNS is compared,
// never trusted) and close them at once.
import { promises as dnsPromises } from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';

export type Resolver = (host: string) => Promise<string[]>;

export const systemResolve: Resolver = async (host) => (await dnsPromises.lookup(host, { all: true })).map((a) => a.address);

export function elapsed(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}

export type TcpResult = { ok: true } | { ok: false; code: string };

export function tcpConnect(address: string, port: number, timeoutMs: number, localAddress?: string): Promise<TcpResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port, ...(localAddress !== undefined ? { localAddress } : {}) });
    const done = (r: TcpResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(timeoutMs, () => done({ ok: false, code: 'ETIMEDOUT' }));
    socket.once('connect', () => done({ ok: true }));
    socket.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, code: e.code ?? e.message }));
  });
}

export type TlsResult = { ok: true; subject: string; issuer: string; validTo: string; protocol: string } | { ok: false; code: string; message: string };

export function tlsHandshake(o: { address: string; port: number; servername: string; ca: string | undefined; timeoutMs: number; localAddress?: string }): Promise<TlsResult> {
  return new Promise((resolve) => {
    // The system roots plus the profile's extra CA, exactly like the HTTPS client (main/http/tls-trust.ts).
    const socket = tls.connect({
      host: o.address,
      port: o.port,
      servername: o.servername,
      ...(o.ca ? { ca: [...tls.rootCertificates, o.ca] } : {}),
      ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
      rejectUnauthorized: true,
      ALPNProtocols: ['http/1.1'],
    });
    const done = (r: TlsResult) => {
      socket.destroy();
      resolve(r);
    };
    socket.setTimeout(o.timeoutMs, () => done({ ok: false, code: 'ETIMEDOUT', message: 'TLS 핸드셰이크 시간 초과' }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const subject = [cert.subject?.CN, cert.subject?.O].filter(Boolean).join(', ');
      const issuer = [cert.issuer?.CN, cert.issuer?.O].filter(Boolean).join(', ');
      done({ ok: true, subject, issuer, validTo: cert.valid_to ?? '', protocol: socket.getProtocol() ?? '' });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => done({ ok: false, code: e.code ?? 'ERROR', message: e.message }));
  });
}

/** A certificate problem (trust, name) rather than a transport one. */
export function isCertificateError(code: string): boolean {
  return code.includes('CERT') || code.includes('SELF_SIGNED') || code.includes('UNABLE_TO_VERIFY') || code === 'ERR_TLS_CERT_ALTNAME_INVALID';
}
