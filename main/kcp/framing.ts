// DocDesk's KCP socket framing, spoken by the sandbox KCP gateway and KCP-compatible peers (NOT by KCP's own
// gateway: KCP's protocol between pp_cli and paygw.kcp.co.kr is not public, reference kcp-and-payup.md A1).
//
//   frame   = magic length payload
//   magic   = "KCPF" (4 ASCII bytes: 0x4B 0x43 0x50 0x46)
//   length  = payload length in bytes, unsigned 32-bit big-endian, 1 … 65,536
//   payload = EUC-KR (CP949) text
//
// One TCP connection carries exactly one exchange, like one pp_cli run: the client connects, writes one request
// frame (payload = message.ts socketPayload(): `site_cd=…,site_key=…,tx_cd=00100000,…,payx_data=…,opt=0`),
// the peer answers one response frame (payload = the module's result line: `res_cd=…␟res_msg=…␟tno=…␟…`), then
// the CLIENT closes first (the peer closes when it sees the client's FIN, or after 30 s): the TIME_WAIT stays
// with the client, so a batch of thousands of exchanges does not exhaust ephemeral ports. TCP may split or merge
// bytes anywhere: FrameDecoder reassembles frames from arbitrary fragments.

export const FRAME_MAGIC = Buffer.from('KCPF', 'ascii');
export const FRAME_HEADER_BYTES = 8;
export const MAX_FRAME_PAYLOAD = 65_536;

export function encodeFrame(payload: Uint8Array): Buffer {
  if (payload.length === 0 || payload.length > MAX_FRAME_PAYLOAD) throw new RangeError(`frame payload must be 1..${MAX_FRAME_PAYLOAD} bytes`);
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  FRAME_MAGIC.copy(header, 0);
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

export class FrameError extends Error {
  readonly code: 'BAD_MAGIC' | 'BAD_LENGTH';
  constructor(code: 'BAD_MAGIC' | 'BAD_LENGTH', message: string) {
    super(message);
    this.code = code;
  }
}

/** Incremental decoder: push() any fragment, get every complete frame's payload. Throws FrameError on garbage. */
export class FrameDecoder {
  private buffered: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): Buffer[] {
    this.buffered = this.buffered.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buffered, chunk]);
    const frames: Buffer[] = [];
    for (;;) {
      // Check the magic as soon as its bytes arrive: a peer speaking another protocol is refused early.
      const seen = Math.min(this.buffered.length, FRAME_MAGIC.length);
      if (!this.buffered.subarray(0, seen).equals(FRAME_MAGIC.subarray(0, seen))) {
        throw new FrameError('BAD_MAGIC', 'the peer does not speak the KCPF framing');
      }
      if (this.buffered.length < FRAME_HEADER_BYTES) return frames;
      const length = this.buffered.readUInt32BE(4);
      if (length === 0 || length > MAX_FRAME_PAYLOAD) throw new FrameError('BAD_LENGTH', `frame length ${length} out of range`);
      if (this.buffered.length < FRAME_HEADER_BYTES + length) return frames;
      frames.push(this.buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length));
      this.buffered = this.buffered.subarray(FRAME_HEADER_BYTES + length);
    }
  }

  /** Bytes received that do not (yet) form a whole frame. */
  get pending(): number {
    return this.buffered.length;
  }
}
