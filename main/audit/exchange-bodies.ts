// An exchange's request and answer bodies parsed once per event: the subjects (exchange-event.ts) and the slices
// (slices/exchange-items.ts) both read them, and parsing a 100-document body twice was a visible part of the
// main thread's work per bulk call.
import type { ExchangeRecord } from '../http/exchange.ts';

export interface ExchangeBodies {
  request: unknown;
  response: unknown;
}

function parseJson(text: string | null): unknown {
  // KCP frames and other non-JSON bodies are skipped without a thrown SyntaxError (~50 µs each: 4–5% of the main
  // thread in a 10,000-verification batch).
  if (!text || !/^\s*[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function parseExchangeBodies(r: Pick<ExchangeRecord, 'requestBody' | 'responseBody'>): ExchangeBodies {
  return { request: parseJson(r.requestBody), response: parseJson(r.responseBody) };
}
