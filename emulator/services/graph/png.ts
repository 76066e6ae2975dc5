/** Generates small real PNG thumbnails: a coloured background (colour from the item id) with a white "page". */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Background colour for an item: a stable, fairly saturated hue from its id. */
export function colourFor(seed: string): [number, number, number] {
  const hash = createHash('sha1').update(seed).digest();
  const hue = ((hash[0]! << 8) | hash[1]!) % 360;
  const [s, l] = [0.55, 0.5];
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    hue < 60
      ? [c, x, 0]
      : hue < 120
        ? [x, c, 0]
        : hue < 180
          ? [0, c, x]
          : hue < 240
            ? [0, x, c]
            : hue < 300
              ? [x, 0, c]
              : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

export function thumbnailPng(seed: string, width: number, height: number): Buffer {
  const background = colourFor(seed);
  const page = {
    left: Math.round(width * 0.25),
    right: Math.round(width * 0.75),
    top: Math.round(height * 0.12),
    bottom: Math.round(height * 0.88),
  };
  const lineHeight = Math.max(2, Math.round(height / 24));
  const rowLength = 1 + width * 3;
  const raw = Buffer.alloc(rowLength * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowLength;
    raw[row] = 0; // filter: none
    const inPageRows = y >= page.top && y < page.bottom;
    // Grey "text lines" every few rows inside the page.
    const onTextLine =
      y > page.top + lineHeight &&
      y < page.bottom - lineHeight &&
      Math.floor((y - page.top) / lineHeight) % 2 === 0;
    for (let x = 0; x < width; x++) {
      const inPage = inPageRows && x >= page.left && x < page.right;
      const inText = onTextLine && x >= page.left + lineHeight && x < page.right - lineHeight;
      const [r, g, b] = inText ? [190, 190, 190] : inPage ? [255, 255, 255] : background;
      const at = row + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
