/**
 * Graph requests needed to resolve N distinct links: ShareLens (`$batch` + cache), cold and warm, beside one
 * request per link. Counted in the emulator's request log.
 */

import { startEmulator } from '../emulator/server';
import { createTransport } from '../lib/http';
import type { SharedItem, ShareLink } from '../lib/model';
import { createGraphClient } from '../lib/providers/graph';
import { type ClientFor, type ItemCache, resolveMany } from '../lib/resolve';
import { signInToEmulator } from './emulator-token';
import { median } from './stats';

export interface RequestFigures {
  links: number;
  coldRequests: number;
  warmRequests: number;
  baselineRequests: number;
  coldMs: number;
  baselineMs: number;
}

/** N files shared by one link each, in a business drive, and the users to sign in with. */
export function benchDataset(count: number) {
  const files = Array.from({ length: count }, (_, i) => ({
    id: `bench-item-${i}`,
    name: `Report ${i + 1}.docx`,
    size: 10_000 + i,
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  }));
  return {
    users: [
      { id: 'megan', displayName: 'Megan Bowen', email: 'megan@contoso.com', password: 'demo', kind: 'work' },
      { id: 'adele', displayName: 'Adele Vance', email: 'adele@contoso.com', password: 'demo', kind: 'work' },
    ],
    signedIn: 'megan',
    drives: [{ id: 'b!bench', kind: 'business', owner: 'adele', items: files }],
    links: files.map((file, i) => ({
      url: `https://contoso.sharepoint.com/:w:/s/Bench/EbEnCh${String(i).padStart(5, '0')}?e=bench${i}`,
      item: file.id,
      type: 'view',
      scope: 'organization',
    })),
  };
}

function memoryCache(): ItemCache {
  const items = new Map<string, SharedItem>();
  return { get: async (url) => items.get(url), set: async (item) => void items.set(item.url, item) };
}

export async function measureGraphRequests(sizes: number[], runs: number): Promise<RequestFigures[]> {
  const largest = Math.max(...sizes);
  const data = benchDataset(largest);
  const emulator = await startEmulator({ port: 0, data: data as never, autoLogin: true });
  try {
    const token = await signInToEmulator(emulator.url);
    const client = createGraphClient({
      endpoint: `${emulator.url}/v1.0`,
      credential: async () => ({ name: 'Authorization', value: `Bearer ${token}` }),
      transport: createTransport(),
    });
    // The popup's path: every link served by the Graph client's `$batch`, as the Graph provider does.
    const clientFor: ClientFor = () => ({
      provider: 'graph',
      client: {
        resolveMany: (some, options) => client.getSharedItems(some, { ...options, redeem: 'ifNecessary' }),
      },
    });
    const graphCount = async () => {
      const log = (await (await fetch(`${emulator.url}/_emulator/requests`)).json()) as {
        requests: Array<{ method: string; path: string; batch?: string }>;
      };
      // HTTP requests only: the parts inside a `$batch` are logged too, marked with `batch`.
      return log.requests.filter(
        (each) => each.path.startsWith('/v1.0/') && each.method !== 'OPTIONS' && each.batch === undefined,
      ).length;
    };
    const reset = () => fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' });
    const figures: RequestFigures[] = [];
    for (const size of sizes) {
      const links: ShareLink[] = data.links
        .slice(0, size)
        .map((link) => ({ provider: 'sharepoint', url: link.url }));
      const cold: number[] = [];
      const warm: number[] = [];
      const baseline: number[] = [];
      const coldMs: number[] = [];
      const baselineMs: number[] = [];
      for (let run = 0; run < runs; run++) {
        const cache = memoryCache();
        await reset();
        let started = performance.now();
        const states = await resolveMany(links, { cache, clientFor });
        coldMs.push(performance.now() - started);
        if ([...states.values()].some((state) => state.status !== 'ready'))
          throw new Error('a link did not resolve');
        cold.push(await graphCount());
        await reset();
        await resolveMany(links, { cache, clientFor });
        warm.push(await graphCount());

        await reset();
        started = performance.now();
        for (const link of links) await client.getSharedItem(link, { redeem: 'ifNecessary' });
        baselineMs.push(performance.now() - started);
        baseline.push(await graphCount());
      }
      figures.push({
        links: size,
        coldRequests: median(cold),
        warmRequests: median(warm),
        baselineRequests: median(baseline),
        coldMs: Math.round(median(coldMs)),
        baselineMs: Math.round(median(baselineMs)),
      });
    }
    return figures;
  } finally {
    await emulator.close();
  }
}
