// `socket` transport: raw TCP with the KCPF framing (framing.ts) to the sandbox gateway or a KCP-compatible
// peer. It can NEVER reach paygw.kcp.co.kr: KCP's own protocol is not public (reference kcp-and-payup.md A1),
// so the profile check in service.ts refuses KCP's hosts for this transport.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ExchangeSink } from '../http/exchange.ts';
import { decodeCp949, encodeCp949 } from './codec.ts';
import { FrameDecoder, FrameError, encodeFrame } from './framing.ts';
import { socketPayload } from './message.ts';
import { parseResultLine } from './result.ts';
import { logKcpExchange, type KcpTransport, type TransportCall, type TransportOutcome } from './transport.ts';

export type SocketTransportOptions = {
  host: string;
  port: number;
  timeoutMs: number;
  connectTimeoutMs?: number;
  exchangeSink: ExchangeSink;
};

type RawOutcome =
  | { kind: 'frame'; bytes: Buffer }
  | { kind: 'failure'; phase: 'connect' | 'send' | 'response' | 'parse'; code: string; message: string; bodySent: boolean };

/** One exchange on a fresh connection: connect, write the frame, read one frame, close. */
export function exchangeFrame(host: string, port: number, frame: Buffer, timeoutMs: number, connectTimeoutMs: number): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const decoder = new FrameDecoder();
    let written = false;
    let done = false;
    const finish = (o: RawOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(connectTimer);
      clearTimeout(totalTimer);
      socket.destroy();
      resolve(o);
    };
    const connectTimer = setTimeout(
      () => finish({ kind: 'failure', phase: 'connect', code: 'ETIMEDOUT', message: `connect timeout after ${connectTimeoutMs} ms`, bodySent: false }),
      connectTimeoutMs,
    );
    const totalTimer = setTimeout(
      () => finish({ kind: 'failure', phase: written ? 'response' : 'connect', code: 'TIMEOUT', message: `no answer within ${timeoutMs} ms`, bodySent: written }),
      timeoutMs,
    );
    socket.setNoDelay(true);
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      written = true;
      socket.write(frame);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        const frames = decoder.push(chunk);
        const first = frames[0];
        if (first !== undefined) finish({ kind: 'frame', bytes: Buffer.from(first) });
      } catch (err) {
        const code = err instanceof FrameError ? err.code : 'PARSE';
        finish({ kind: 'failure', phase: 'parse', code, message: err instanceof Error ? err.message : String(err), bodySent: true });
      }
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? 'ERROR';
      finish({ kind: 'failure', phase: written ? 'response' : 'connect', code, message: err.message, bodySent: written });
    });
    socket.once('close', () => {
      // Closed before a whole frame arrived: a partial frame (or nothing) after our request was written.
      finish({
        kind: 'failure',
        phase: written ? 'response' : 'connect',
        code: decoder.pending > 0 ? 'CLOSED_MID_FRAME' : 'CLOSED',
        message: decoder.pending > 0 ? `connection closed after ${decoder.pending} bytes of a frame` : 'connection closed without an answer',
        bodySent: written,
      });
    });
  });
}

export function createSocketTransport(o: SocketTransportOptions): KcpTransport {
  const connectTimeoutMs = Math.min(o.connectTimeoutMs ?? 5_000, o.timeoutMs);
  return {
    name: 'socket',
    async verify(call: TransportCall): Promise<TransportOutcome> {
      const text = socketPayload(call.message);
      const frame = encodeFrame(encodeCp949(text, 'KCP 요청'));
      const startedAt = Date.now();
      const t0 = performance.now();
      const raw = await exchangeFrame(o.host, o.port, frame, o.timeoutMs, connectTimeoutMs);
      const base = { method: 'TCP', host: o.host, path: '/kcpf/acco', address: o.host, port: o.port };
      const durationMs = performance.now() - t0;
      if (raw.kind === 'frame') {
        const line = decodeCp949(raw.bytes);
        const result = parseResultLine(line);
        logKcpExchange(o.exchangeSink, call, base, {
          startedAt,
          durationMs,
          requestText: text,
          responseText: line,
          failure: result === null ? { phase: 'parse', code: 'NO_RES_CD', message: 'answer without res_cd', bodySent: true } : null,
        });
        if (result === null) return { kind: 'ambiguous', code: 'NO_RES_CD', message: 'KCP 응답에 res_cd가 없습니다.' };
        return { kind: 'answer', result };
      }
      logKcpExchange(o.exchangeSink, call, base, {
        startedAt,
        durationMs,
        requestText: text,
        responseText: null,
        failure: { phase: raw.phase, code: raw.code, message: raw.message, bodySent: raw.bodySent },
      });
      if (!raw.bodySent) return { kind: 'not-sent', code: raw.code, message: raw.message };
      return { kind: 'ambiguous', code: raw.code, message: raw.message };
    },
  };
}

