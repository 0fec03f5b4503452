// Generates DocDesk's icons without any download (issue 3 §5): a blue rounded square with a white document and a
// folded corner, drawn pixel by pixel and written as PNG (zlib) and ICO (PNG-compressed entries). Run:
//   npx node build/make-icons.ts        → build/icon.png, build/icon.ico, build/icons/<n>x<n>.png
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** RGBA pixel of the icon at (x, y) in a size×size image (anti-aliased by 4×4 supersampling). */
function pixel(size: number, x: number, y: number): [number, number, number, number] {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const u = (x + (sx + 0.5) / 4) / size;
      const v = (y + (sy + 0.5) / 4) / size;
      // Rounded square background (radius 0.18).
      const rad = 0.18;
      const cx = Math.min(Math.max(u, rad), 1 - rad);
      const cy = Math.min(Math.max(v, rad), 1 - rad);
      if ((u - cx) ** 2 + (v - cy) ** 2 > rad * rad) continue;
      let col: [number, number, number] = [0x1e, 0x5e, 0xd6]; // DocDesk blue
      // White document with a folded top-right corner.
      const inDoc = u > 0.28 && u < 0.72 && v > 0.2 && v < 0.8 && !(u - 0.58 > v - 0.2 + 0.0 && u > 0.58 && v < 0.34);
      if (inDoc) col = [0xff, 0xff, 0xff];
      const inFold = u > 0.58 && u < 0.72 && v > 0.2 && v < 0.34 && u - 0.58 <= v - 0.2;
      if (inFold) col = [0xc9, 0xd8, 0xf5];
      // Three text lines on the document.
      for (const ly of [0.45, 0.55, 0.65]) if (u > 0.35 && u < (ly === 0.65 ? 0.55 : 0.65) && Math.abs(v - ly) < 0.025) col = [0x1e, 0x5e, 0xd6];
      r += col[0];
      g += col[1];
      b += col[2];
      a += 255;
    }
  }
  const n = 16;
  return a === 0 ? [0, 0, 0, 0] : [Math.round(r / (a / 255)), Math.round(g / (a / 255)), Math.round(b / (a / 255)), Math.round(a / n)];
}

export function iconPng(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(size, x, y);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** ICO with PNG-compressed entries (Windows Vista and later). */
export function iconIco(sizes: number[]): Buffer {
  const pngs = sizes.map((s) => iconPng(s));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = 6 + 16 * sizes.length;
  const entries = sizes.map((s, i) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(s >= 256 ? 0 : s, 0);
    e.writeUInt8(s >= 256 ? 0 : s, 1);
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(pngs[i]!.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += pngs[i]!.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs]);
}

if (import.meta.main) {
  mkdirSync(path.join(here, 'icons'), { recursive: true });
  writeFileSync(path.join(here, 'icon.png'), iconPng(512));
  writeFileSync(path.join(here, 'icon.ico'), iconIco([16, 24, 32, 48, 64, 128, 256]));
  for (const s of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(path.join(here, 'icons', `${s}x${s}.png`), iconPng(s));
  process.stdout.write('build/icon.png, build/icon.ico, build/icons/*.png\n');
}
