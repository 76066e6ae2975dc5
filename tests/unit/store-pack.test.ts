/** What the stores check of the package that no other test sees: the store icon's margin, the licence, one Node. */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** Width, height and RGBA rows of a PNG as scripts/make-icons.ts writes them (8-bit RGBA, no filters). */
function readPng(path: string) {
  const bytes = readFileSync(path);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  const data: Buffer[] = [];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    if (bytes.toString('ascii', at + 4, at + 8) === 'IDAT')
      data.push(bytes.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(data));
  const alpha = (x: number, y: number) => raw[y * (width * 4 + 1) + 1 + x * 4 + 3] ?? 0;
  return { width, height, alpha };
}

describe('store pack', () => {
  it('draws the store icon as 96 px of artwork inside 16 px of transparent margin', () => {
    const icon = readPng('public/icon/128.png');
    expect([icon.width, icon.height]).toEqual([128, 128]);
    for (let i = 0; i < 128; i++) {
      for (const edge of [0, 15, 112, 127]) {
        expect(icon.alpha(i, edge), `row ${edge}, column ${i}`).toBe(0);
        expect(icon.alpha(edge, i), `column ${edge}, row ${i}`).toBe(0);
      }
    }
    // The tile reaches the margin on each side and fills the middle.
    expect(icon.alpha(64, 17)).toBe(255);
    expect(icon.alpha(17, 64)).toBe(255);
    expect(icon.alpha(110, 64)).toBe(255);
    expect(icon.alpha(64, 64)).toBe(255);
  });

  it('uses the toolbar icons edge to edge', () => {
    for (const size of [16, 32, 48]) expect(readPng(`public/icon/${size}.png`).alpha(size / 2, 1)).toBe(255);
  });

  it('ships the licence package.json names and states one Node version', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    expect(pkg.license).toBe('MIT');
    expect(readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
    const major = readFileSync('.nvmrc', 'utf8').trim();
    expect(pkg.engines.node).toBe(`^${major}.19.0`);
    expect(readFileSync('README.md', 'utf8')).toContain(`with Node ${major}:`);
    expect(readFileSync('.ci/run', 'utf8')).toContain(`!= ${major} ]`);
    expect(pkg.homepage).toMatch(/^https:\/\//);
  });
});
