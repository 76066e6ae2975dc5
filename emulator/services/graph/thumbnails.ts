/**
 * Thumbnail sizes (OneDrive docs, driveitem_list_thumbnails, "Size options" and "Requesting custom thumbnail
 * sizes"): `small`, `medium`, `large` by their longest edge (96, 176, 800) in the picture's own aspect ratio,
 * the `…Square` crops, and custom `c{width}x{height}` (fits inside the box) or `c{width}x{height}_crop` (fills
 * it). Every dataset picture is 4:3 landscape, 1600×1200 at most.
 */
import { CUSTOM_THUMBNAIL } from './odata';
import type { ItemNode } from './store';

export interface Dimensions {
  width: number;
  height: number;
}

const SOURCE: Dimensions = { width: 1600, height: 1200 };

/** The longest edge of the standard sizes; `…Square` sizes are that edge squared. */
const STANDARD_EDGES: Record<string, number> = { small: 96, medium: 176, large: 800 };
/** What a thumbnail set holds when no `$select` names sizes. */
export const DEFAULT_SIZES = ['small', 'medium', 'large'] as const;

function fitWithin(box: Dimensions): Dimensions {
  const scale = Math.min(box.width / SOURCE.width, box.height / SOURCE.height, 1);
  return {
    width: Math.max(1, Math.round(SOURCE.width * scale)),
    height: Math.max(1, Math.round(SOURCE.height * scale)),
  };
}

/** A crop keeps the box's aspect ratio, shrunk to the source when larger ("will match the aspect ratio"). */
function crop(box: Dimensions): Dimensions {
  const scale = Math.min(SOURCE.width / box.width, SOURCE.height / box.height, 1);
  return {
    width: Math.max(1, Math.round(box.width * scale)),
    height: Math.max(1, Math.round(box.height * scale)),
  };
}

/** The pixel size a thumbnail name stands for, or undefined when it is no size at all. */
export function sizeOf(name: string): Dimensions | undefined {
  const lower = name.toLowerCase();
  const edge = STANDARD_EDGES[lower];
  if (edge) return fitWithin({ width: edge, height: edge });
  const square = /^(small|medium|large)square$/.exec(lower);
  if (square) {
    const side = STANDARD_EDGES[square[1]!]!;
    return { width: side, height: side };
  }
  const custom = CUSTOM_THUMBNAIL.exec(name);
  if (!custom) return undefined;
  const box = { width: Number(custom[1]), height: Number(custom[2]) };
  if (box.width < 1 || box.height < 1) return undefined;
  return custom[3] ? crop(box) : fitWithin(box);
}

export function thumbnailUrl(baseUrl: string, itemId: string, size: string): string {
  return `${baseUrl}/thumbnails/${encodeURIComponent(itemId)}/${encodeURIComponent(size)}.png`;
}

function thumbnail(baseUrl: string, node: ItemNode, size: string): Record<string, unknown> | undefined {
  const dimensions = sizeOf(size);
  return dimensions && { ...dimensions, url: thumbnailUrl(baseUrl, node.item.id, size) };
}

/**
 * `[{id: "0", small, medium, large}]` for items with `thumbnail: true`, else `[]`. `select` names the sizes
 * (`id` is always there); a custom size appears under the name it was asked by.
 */
export function thumbnailSets(
  baseUrl: string,
  node: ItemNode,
  select?: readonly string[],
): Record<string, unknown>[] {
  if (!node.item.thumbnail) return [];
  const set: Record<string, unknown> = { id: '0' };
  for (const size of select ?? DEFAULT_SIZES) {
    const value = thumbnail(baseUrl, node, size);
    if (value) set[size] = value;
  }
  return [set];
}

/** `/thumbnails/{set}/{size}`: one thumbnail, or undefined when the item has no such set. */
export function singleThumbnail(
  baseUrl: string,
  node: ItemNode,
  setId: string,
  size: string,
): Record<string, unknown> | undefined {
  if (!node.item.thumbnail || setId !== '0') return undefined;
  return thumbnail(baseUrl, node, size);
}
