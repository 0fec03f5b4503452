// The transport seam (reference kcp-and-payup.md A1: "define the adapter at the level of request fields →
// result fields"): ppcli-transport.ts and socket-transport.ts are interchangeable behind it.
import type { ExchangeRecord, ExchangeSink } from '../http/exchange.ts';
import type { AccoMessage } from './message.ts';
import type { KcpResult } from './result.ts';

export type TransportOutcome =
  /** A result line was parsed (gateway code, or a wrapper code the module printed itself). */
  | { kind: 'answer'; result: KcpResult }
  /** Provably never reached the gateway: connection refused, module missing (S102), bad local config. */
  | { kind: 'not-sent'; code: string; message: string }
  /** The module ran but printed nothing (A7.4: synthesised 9502). */
  | { kind: 'empty'; code: '9502'; message: string }
  /** May have reached the gateway without an answer recorded: timeout or cut after the request was written. */
  | { kind: 'ambiguous'; code: string; message: string };

export type TransportCall = {
  message: AccoMessage;
  /** Replaces site_key, account number and holder name in anything logged. */
  redact: (text: string) => string;
  correlation: Record<string, string>;
};

export interface KcpTransport {
  readonly name: 'ppcli' | 'socket';
  verify(call: TransportCall): Promise<TransportOutcome>;
}

export type ExchangeBase = Pick<ExchangeRecord, 'method' | 'host' | 'path' | 'address' | 'port'>;

/** Appends one KCP exchange (service 'kcp', endpoint 'acco'); every string goes through `redact` first. */
export function logKcpExchange(
  sink: ExchangeSink,
  call: TransportCall,
  base: ExchangeBase,
  x: {
    startedAt: number;
    durationMs: number;
    requestText: string;
    responseText: string | null;
    responseMeta?: Record<string, string>;
    failure: ExchangeRecord['failure'];
  },
): void {
  const meta: Record<string, string> = {};
  for (const [k, v] of Object.entries(x.responseMeta ?? {})) meta[k] = call.redact(v);
  sink.append({
    service: 'kcp',
    endpoint: 'acco',
    ...base,
    path: call.redact(base.path),
    requestHeaders: {},
    requestBody: call.redact(x.requestText),
    status: null,
    responseHeaders: meta,
    responseBody: x.responseText === null ? null : call.redact(x.responseText),
    startedAt: x.startedAt,
    durationMs: Math.round(x.durationMs * 10) / 10,
    failure: x.failure === null ? null : { ...x.failure, message: call.redact(x.failure.message) },
    correlation: call.correlation,
  });
}
