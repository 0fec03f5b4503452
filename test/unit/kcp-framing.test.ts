// KCPF framing (main/kcp/framing.ts): fragments reassembled whatever the split; garbage refused early.
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameError, MAX_FRAME_PAYLOAD, encodeFrame } from '../../main/kcp/framing.ts';
import { encodeCp949 } from '../../main/kcp/codec.ts';

describe('KCPF frames', () => {
  const payload = encodeCp949('res_cd=0000\x1fres_msg=정상처리\x1ftno=20261122000001\x1f');
  const frame = encodeFrame(payload);

  it('has the magic, a big-endian length and the payload', () => {
    expect(frame.subarray(0, 4).toString('ascii')).toBe('KCPF');
    expect(frame.readUInt32BE(4)).toBe(payload.length);
    expect(() => encodeFrame(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => encodeFrame(Buffer.alloc(MAX_FRAME_PAYLOAD + 1))).toThrow(RangeError);
  });

  it('reassembles a frame split at every byte boundary, and one byte at a time', () => {
    for (let k = 1; k < frame.length; k++) {
      const d = new FrameDecoder();
      expect(d.push(frame.subarray(0, k))).toEqual([]);
      const out = d.push(frame.subarray(k));
      expect(out).toHaveLength(1);
      expect(Buffer.compare(out[0] as Buffer, payload)).toBe(0);
    }
    const d = new FrameDecoder();
    const got: Buffer[] = [];
    for (const byte of frame) got.push(...d.push(Buffer.from([byte])));
    expect(got).toHaveLength(1);
  });

  it('splits two frames arriving in one chunk', () => {
    const d = new FrameDecoder();
    const two = d.push(Buffer.concat([frame, encodeFrame(Buffer.from('x'))]));
    expect(two.map((b) => b.length)).toEqual([payload.length, 1]);
    expect(d.pending).toBe(0);
  });

  it('refuses another protocol at the first wrong byte, and a bad length', () => {
    expect(() => new FrameDecoder().push(Buffer.from('H'))).toThrow(FrameError);
    expect(() => new FrameDecoder().push(Buffer.from('HTTP/1.1 400'))).toThrow(/KCPF/);
    const bad = Buffer.from(frame);
    bad.writeUInt32BE(MAX_FRAME_PAYLOAD + 1, 4);
    expect(() => new FrameDecoder().push(bad)).toThrow(/out of range/);
  });
});
