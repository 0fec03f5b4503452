// HTTPS plumbing for one remote service (DESIGN §5, reference kakaopay-edoc-api.md §1, §11).
//
// - One undici Pool per pinned address, origin https://<address>:<port>; TLS is verified against the HOST
//   NAME (servername = host), never the IP, and the Host header carries the host name. No address pinned →
//   one pool on https://<host>:<port> (DNS, Happy Eyeballs).
// - Trust = Node's root store + the optional caFile (tls-trust.ts).
// - Fail-over: addresses are tried in order starting with the last one that answered; the next address is
//   tried ONLY when classifyError() proves the request never left (refused, unreachable, connect timeout,
//   DNS, TLS handshake/certificate). After a possibly-sent body we never try another address.
// - Every attempt, failed connects included, is appended to the ExchangeSink, redacted (redact.ts).
// - Two lines (seed 001 §2.2): with `bulkLocalAddress`, every target has a second pool bound to that local
//   address, and requests marked `line: 'bulk'` go through it; everything else uses the endpoint's localAddress.
//   Fail-over order is shared: the IDC that answered last is tried first on either line.
//
// Stale keep-alive sockets: if the server closes an idle connection at the moment we write a POST on it, the
// POST fails with a reset that is indistinguishable from "processed, then reset" — an ambiguous outcome we
// must avoid creating ourselves. So idle sockets are retired BEFORE any common server closes them:
// keepAliveTimeout 4 s (servers use ≥5 s: Node 5 s, nginx 75 s, typical load balancers 60 s), and when the
// server announces `Keep-Alive: timeout=N` undici keeps the socket at most N − 2 s. A FIN that arrived
// earlier is seen by undici before it reuses the socket. HTTP/2 is off (allowH2: false) so one request maps to
// one HTTP/1.1 exchange with the simple semantics above, and pipelining stays at 1.
import { performance } from 'node:perf_hooks';
import net from 'node:net';
import { Pool, buildConnector } from 'undici';
import type { Dispatcher } from 'undici';
import type { ServiceEndpoint } from '../../shared/domain/profile.ts';
import type { ExchangeRecord, ExchangeSink } from './exchange.ts';
import { classifyError, markConnectPhaseError } from './classify-error.ts';
import type { ClassifiedFailure } from './classify-error.ts';
import { redactRequestHeaders, redactResponseHeaders, secretScrubber, type SecretScrubber } from './redact.ts';
import { trustedCertificates } from './tls-trust.ts';

export type ServiceName = ExchangeRecord['service'];

export type ServiceClientOptions = {
  service: ServiceName;
  endpoint: ServiceEndpoint;
  exchangeSink: ExchangeSink;
  /** Local address of the bulk-only line; requests with `line: 'bulk'` bind to it. Absent: one line for all. */
  bulkLocalAddress?: string;
};

/** Which of the client's lines carries a request (seed 001 §2.2). */
export type ServiceLine = 'default' | 'bulk';

export type ServiceRequest = {
  /** Logical call name for the exchange log, e.g. 'bulkSend'. */
  endpoint: string;
  method: 'GET' | 'POST';
  path: string;
  /** The path as logged, with secrets replaced (e.g. the OTT token). Defaults to `path`. */
  logPath?: string;
  headers: Record<string, string>;
  body?: string;
  correlation?: Record<string, string>;
  /** See ExchangeRecord.externalIds. */
  externalIds?: readonly string[];
  /** Values that must never appear in the exchange log; scrubbed from every logged string. */
  secrets?: readonly string[];
  /** Overrides the endpoint's headers/body timeout for this call. */
  timeoutMs?: number;
  /** 'bulk': the bulk-only line when the client has one (ServiceClientOptions.bulkLocalAddress). */
  line?: ServiceLine;
  /**
   * Judges a received response (any status). A returned problem is written to the exchange record as a
   * `parse` failure; the response is still returned to the caller.
   */
  checkResponse?: (response: ServiceResponse) => { code: string; message: string } | null;
};

/** What a caller reads of a response. Its headers are logged (redacted) in the exchange record, read by no caller. */
export type ServiceResponse = {
  status: number;
  body: string;
  /** The pinned address that answered; null when connecting by host name. */
  address: string | null;
};

export type AttemptSummary = { address: string | null; phase: ClassifiedFailure['phase'] | 'ok'; code: string };

export type ServiceCallResult =
  | { kind: 'response'; response: ServiceResponse; attempts: AttemptSummary[] }
  | {
      kind: 'failure';
      /** The failure that ended the call (for not-sent: the last address tried). */
      failure: ClassifiedFailure;
      /** Status when the failure hit the response body after the headers arrived. */
      status: number | null;
      address: string | null;
      attempts: AttemptSummary[];
    };

export type ServiceClient = {
  request(req: ServiceRequest): Promise<ServiceCallResult>;
  /** Addresses in the order the next call will try them. */
  addressOrder(): (string | null)[];
  /** Waits for running requests, then closes every connection. */
  close(): Promise<void>;
};

/** One pinned address (or the host name): a pool per line, the same pool when there is one line. */
type Target = { address: string | null; pools: Record<ServiceLine, Pool> };

/** Idle keep-alive sockets are retired after 4 s, below every common server's idle timeout (see header). */
const KEEP_ALIVE_TIMEOUT_MS = 4_000;
const KEEP_ALIVE_MAX_TIMEOUT_MS = 60_000;
const KEEP_ALIVE_THRESHOLD_MS = 2_000;
/** A gateway answer is a few KB; anything this large is a misbehaving peer, not a response to parse. */
const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export function hostHeaderFor(endpoint: ServiceEndpoint): string {
  return endpoint.port === 443 ? endpoint.host : `${endpoint.host}:${endpoint.port}`;
}

function originFor(hostOrAddress: string, port: number): string {
  const h = net.isIPv6(hostOrAddress) ? `[${hostOrAddress}]` : hostOrAddress;
  return `https://${h}:${port}`;
}

function createPool(endpoint: ServiceEndpoint, address: string | null, ca: string[], localAddress: string | undefined): Pool {
  const base = buildConnector({
    ca,
    servername: endpoint.host,
    timeout: endpoint.connectTimeoutMs,
    allowH2: false,
    keepAlive: true,
    // Happy Eyeballs only when resolving the host name (the name may have IPv4 and IPv6 addresses).
    ...(address === null ? { autoSelectFamily: true } : {}),
  });
  const connect: buildConnector.connector = (options, callback) => {
    // The certificate is always checked against the host name, whatever origin the pool dials.
    base({ ...options, servername: endpoint.host }, (...args) => {
      const [err] = args;
      if (err) markConnectPhaseError(err);
      callback(...args);
    });
  };
  return new Pool(originFor(address ?? endpoint.host, endpoint.port), {
    connect,
    connections: endpoint.concurrency,
    pipelining: 1,
    allowH2: false,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: KEEP_ALIVE_MAX_TIMEOUT_MS,
    keepAliveTimeoutThreshold: KEEP_ALIVE_THRESHOLD_MS,
    headersTimeout: endpoint.timeoutMs,
    bodyTimeout: endpoint.timeoutMs,
    maxResponseSize: MAX_RESPONSE_BYTES,
    ...(localAddress !== undefined ? { localAddress } : {}),
  });
}

function createTarget(endpoint: ServiceEndpoint, address: string | null, ca: string[], bulkLocalAddress: string | undefined): Target {
  const main = createPool(endpoint, address, ca, endpoint.localAddress);
  const bulk = bulkLocalAddress === undefined || bulkLocalAddress === endpoint.localAddress ? main : createPool(endpoint, address, ca, bulkLocalAddress);
  return { address, pools: { default: main, bulk } };
}

function flattenHeaders(headers: Dispatcher.ResponseData['headers']): Record<string, string | string[] | undefined> {
  return headers as Record<string, string | string[] | undefined>;
}

export function createServiceClient(opts: ServiceClientOptions): ServiceClient {
  const { endpoint, exchangeSink } = opts;
  const ca = trustedCertificates(endpoint.caFile);
  const targets: Target[] =
    endpoint.addresses.length > 0
      ? endpoint.addresses.map((address) => createTarget(endpoint, address, ca, opts.bulkLocalAddress))
      : [createTarget(endpoint, null, ca, opts.bulkLocalAddress)];
  let preferred = 0;
  const hostHeader = hostHeaderFor(endpoint);

  function order(): number[] {
    const start = preferred;
    return targets.map((_, i) => (start + i) % targets.length);
  }

  function append(record: ExchangeRecord): void {
    exchangeSink.append(record);
  }

  async function attempt(
    target: Target,
    req: ServiceRequest,
    scrub: SecretScrubber,
  ): Promise<{ ok: true; response: ServiceResponse } | { ok: false; failure: ClassifiedFailure; status: number | null }> {
    const headers: Record<string, string> = { ...req.headers, host: hostHeader };
    const logHeaders: Record<string, string> = { ...headers };
    if (req.body !== undefined) logHeaders['content-length'] = String(Buffer.byteLength(req.body, 'utf8'));
    const startedAt = Date.now();
    const t0 = performance.now();
    const base = {
      service: opts.service,
      endpoint: req.endpoint,
      method: req.method,
      host: endpoint.host,
      path: scrub.text(req.logPath ?? req.path),
      address: target.address,
      port: endpoint.port,
      requestHeaders: scrub.record(redactRequestHeaders(logHeaders)),
      requestBody: req.body === undefined ? null : scrub.text(req.body),
      startedAt,
      correlation: req.correlation ?? {},
      ...(req.externalIds !== undefined ? { externalIds: [...req.externalIds] } : {}),
    };
    const elapsed = (): number => Math.round((performance.now() - t0) * 10) / 10;
    const timeout = req.timeoutMs ?? endpoint.timeoutMs;

    let data: Dispatcher.ResponseData;
    try {
      data = await target.pools[req.line ?? 'default'].request({
        method: req.method,
        path: req.path,
        headers,
        body: req.body ?? null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (err) {
      const failure = classifyError(err, false);
      const logged = { ...failure, message: scrub.text(failure.message) };
      append({ ...base, status: null, responseHeaders: {}, responseBody: null, durationMs: elapsed(), failure: logged });
      return { ok: false, failure: logged, status: null };
    }

    const responseHeaders = scrub.record(redactResponseHeaders(flattenHeaders(data.headers)));
    let text: string;
    try {
      text = await data.body.text();
    } catch (err) {
      const failure = classifyError(err, true);
      const logged = { ...failure, message: scrub.text(failure.message) };
      append({ ...base, status: data.statusCode, responseHeaders, responseBody: null, durationMs: elapsed(), failure: logged });
      return { ok: false, failure: logged, status: data.statusCode };
    }

    const response: ServiceResponse = { status: data.statusCode, body: text, address: target.address };
    const problem = req.checkResponse?.(response) ?? null;
    append({
      ...base,
      status: data.statusCode,
      responseHeaders,
      responseBody: scrub.text(text),
      durationMs: elapsed(),
      failure:
        problem === null
          ? null
          : { phase: 'parse', code: problem.code, message: scrub.text(problem.message), bodySent: true },
    });
    return { ok: true, response };
  }

  return {
    async request(req) {
      const attempts: AttemptSummary[] = [];
      // Thrown here as it was from the first string scrubbed (a secret encodeURIComponent refuses): before anything is sent.
      const scrub = secretScrubber(req.secrets ?? []);
      let last: { failure: ClassifiedFailure; status: number | null; address: string | null } | null = null;
      for (const index of order()) {
        const target = targets[index];
        if (target === undefined) continue;
        const result = await attempt(target, req, scrub);
        if (result.ok) {
          preferred = index;
          attempts.push({ address: target.address, phase: 'ok', code: String(result.response.status) });
          return { kind: 'response', response: result.response, attempts };
        }
        attempts.push({ address: target.address, phase: result.failure.phase, code: result.failure.code });
        last = { failure: result.failure, status: result.status, address: target.address };
        // The body may have reached the gateway: another address could deliver it a second time.
        if (result.failure.bodySent) break;
      }
      if (last === null) throw new Error('service client has no target'); // unreachable: targets is never empty
      return { kind: 'failure', failure: last.failure, status: last.status, address: last.address, attempts };
    },
    addressOrder() {
      return order().map((i) => targets[i]?.address ?? null);
    },
    async close() {
      const pools = new Set(targets.flatMap((t) => [t.pools.default, t.pools.bulk]));
      await Promise.all([...pools].map((p) => p.close()));
    },
  };
}
