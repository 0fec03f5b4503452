// The sandbox's own reading of the KCPF framing and the ACCO message (the client side lives in main/kcp; the
// sandbox is a separate world and re-implements the format from its documentation, main/kcp/framing.ts), so a
// client bug cannot be mirrored by a shared helper.
import iconv from 'iconv-lite';

export const MAGIC = Buffer.from('KCPF', 'ascii');
export const MAX_PAYLOAD = 65_536;

export function frame(payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  MAGIC.copy(h, 0);
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

/** Returns the first complete payload, null when more bytes are needed, or 'bad' for garbage. */
export function firstFrame(buf: Buffer): Buffer | null | 'bad' {
  const seen = Math.min(buf.length, 4);
  if (!buf.subarray(0, seen).equals(MAGIC.subarray(0, seen))) return 'bad';
  if (buf.length < 8) return null;
  const n = buf.readUInt32BE(4);
  if (n === 0 || n > MAX_PAYLOAD) return 'bad';
  if (buf.length < 8 + n) return null;
  return buf.subarray(8, 8 + n);
}

export const decode = (b: Buffer): string => iconv.decode(b, 'euc-kr');
export const encode = (s: string): Buffer => iconv.encode(s, 'euc-kr');

/** `k=v,k=v,…` → map (values never contain ','; KCP forbids it, seed 004 §2.3.2). */
export function topLevel(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

/** `name=` + pairs terminated by chr(31), sub-blocks terminated by chr(30) (reference A4). */
export function subBlocks(payx: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const body = payx.startsWith('payx_data=') ? payx.slice('payx_data='.length) : payx;
  for (const block of body.split('\x1e')) {
    if (block === '') continue;
    const eq = block.indexOf('=');
    if (eq <= 0) continue;
    out.set(block.slice(0, eq), pairs(block.slice(eq + 1)));
  }
  return out;
}

export function pairs(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of text.split('\x1f')) {
    const eq = p.indexOf('=');
    if (eq > 0) out.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return out;
}

export function resultLine(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${v}\x1f`)
    .join('');
}
