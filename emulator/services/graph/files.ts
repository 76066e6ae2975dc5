/**
 * Public files the driveItems point at, served without auth and to any origin: thumbnails
 * (`/thumbnails/{itemId}/{size}.png`) and downloads (`/download/{itemId}`, the `@microsoft.graph.downloadUrl`).
 */
import { Readable } from 'node:stream';
import type { Reply } from '../../core/http';
import { mimeTypeOf } from './drive-item';
import { thumbnailPng } from './png';
import type { Store } from './store';
import { sizeOf } from './thumbnails';

/** Recently drawn thumbnails; custom sizes are unbounded, so the cache is capped. */
const thumbnailCache = new Map<string, Buffer>();
const CACHE_ENTRIES = 500;

/** A real PNG in a colour that depends on the item; undefined when there is no such thumbnail. */
export function thumbnail(store: Store, itemId: string, file: string): Reply | undefined {
  const size = file.endsWith('.png') ? sizeOf(file.slice(0, -4)) : undefined;
  const node = store.node(itemId);
  if (!node?.item.thumbnail || !size) return undefined;
  const key = `${itemId}/${size.width}x${size.height}`;
  let png = thumbnailCache.get(key);
  if (!png) {
    png = thumbnailPng(itemId, size.width, size.height);
    if (thumbnailCache.size >= CACHE_ENTRIES) thumbnailCache.clear();
    thumbnailCache.set(key, png);
  }
  return {
    status: 200,
    headers: { 'Content-Type': 'image/png', 'Cache-Control': 'public, max-age=3600' },
    body: png,
  };
}

/**
 * `@microsoft.graph.downloadUrl` target: `size` bytes of filler text, no auth (reference §1.4); undefined for
 * folders and unknown items.
 */
export function download(store: Store, itemId: string): Reply | undefined {
  const node = store.node(itemId);
  if (!node || node.children) return undefined;
  const size = node.size;
  const pattern = Buffer.from(`Emulated content of ${node.item.name}\n`);
  const chunkSize = 64 * 1024;
  const chunk = Buffer.alloc(chunkSize);
  for (let at = 0; at < chunkSize; at += pattern.length) pattern.copy(chunk, at);
  return {
    status: 200,
    headers: {
      'Content-Type': mimeTypeOf(node),
      'Content-Length': String(size),
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(node.item.name)}`,
    },
    stream: () =>
      Readable.from(
        (function* () {
          for (let sent = 0; sent < size; sent += chunkSize)
            yield chunk.subarray(0, Math.min(chunkSize, size - sent));
        })(),
      ),
  };
}
