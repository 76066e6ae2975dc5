/**
 * Draws the toolbar and store icons (public/icon/{16,32,48,128}.png): a lens over a blue tile. The 128 px icon is
 * the one the stores show: the Chrome Web Store asks for 96 × 96 px of artwork with 16 px of transparent padding
 * on each side (developer.chrome.com/docs/webstore/images#icons); the toolbar sizes use their whole square.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** Colour at a point of the unit square: tile, lens ring, handle. */
function shade(u: number, v: number): [number, number, number, number] {
  const r = 0.2;
  const dx = Math.max(r - u, 0, u - (1 - r));
  const dy = Math.max(r - v, 0, v - (1 - r));
  if (dx * dx + dy * dy > r * r) return [0, 0, 0, 0];
  const d = Math.hypot(u - 0.44, v - 0.44);
  const ring = d > 0.19 && d < 0.28;
  const along = (u + v) / 2;
  const across = Math.abs(u - v);
  const handle = along > 0.62 && along < 0.8 && across < 0.075;
  if (ring || handle) return [255, 255, 255, 255];
  if (d <= 0.19) return [120, 186, 242, 255];
  return [15, 108, 189, 255];
}

mkdirSync('public/icon', { recursive: true });
/** Transparent margin on each side, as a fraction of the icon's size. */
const PADDING: Record<number, number> = { 16: 0, 32: 0, 48: 0, 128: 16 / 128 };

for (const size of [16, 32, 48, 128]) {
  const samples = 4;
  const pad = PADDING[size] ?? 0;
  /** The artwork at a point of the icon: transparent in the margin. */
  const art = (u: number, v: number): [number, number, number, number] => {
    const [x, y] = [(u - pad) / (1 - 2 * pad), (v - pad) / (1 - 2 * pad)];
    return x < 0 || x > 1 || y < 0 || y > 1 ? [0, 0, 0, 0] : shade(x, y);
  };
  const image = png(size, (x, y) => {
    const sum = [0, 0, 0, 0];
    for (let i = 0; i < samples; i++) {
      for (let j = 0; j < samples; j++) {
        const c = art((x + (i + 0.5) / samples) / size, (y + (j + 0.5) / samples) / size);
        for (let k = 0; k < 4; k++) sum[k] = (sum[k] ?? 0) + (c[k] ?? 0) * (k < 3 ? (c[3] ?? 0) / 255 : 1);
      }
    }
    const n = samples * samples;
    const alpha = (sum[3] ?? 0) / n;
    const colour = (k: number) => (alpha ? Math.round((sum[k] ?? 0) / n / (alpha / 255)) : 0);
    return [colour(0), colour(1), colour(2), Math.round(alpha)];
  });
  writeFileSync(`public/icon/${size}.png`, image);
}
console.log('wrote public/icon/{16,32,48,128}.png');
