/** gzip size of each built entry point of the Chrome build (its own files; the shared chunk listed apart). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface SizeFigure {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export function measureSizes(dir = '.output/chrome-mv3'): SizeFigure[] {
  const files: string[] = [];
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(js|css|html)$/.test(name)) files.push(full);
    }
  };
  walk(dir);
  return files
    .map((file) => {
      const content = readFileSync(file);
      return {
        file: relative(dir, file),
        bytes: content.length,
        gzipBytes: gzipSync(content, { level: 9 }).length,
      };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
}
