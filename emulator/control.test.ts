/** The control API: request log, reset, health and fault injection (reference §1.7, §7.5). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from './server';
import { authorizeUrl, demoLinkUrl, encodeSharingUrl, pkcePair, signIn } from './testing';

let emulator: RunningEmulator;
let base: string;
let accessToken: string;

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: true });
  base = emulator.url;
  accessToken = (await signIn(base)).access_token;
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${base}/_emulator/reset`, { method: 'POST' });
});

const driveItemPath = (label = 'file') => `/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`;
const getItem = (label = 'file', headers: Record<string, string> = {}) =>
  fetch(`${base}${driveItemPath(label)}`, {
    headers: { Authorization: `Bearer ${accessToken}`, ...headers },
  });

async function addFault(spec: unknown): Promise<string> {
  const response = await fetch(`${base}/_emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

async function requestLog(): Promise<
  { method: string; path: string; headers: Record<string, string>; time: string }[]
> {
  return (await (await fetch(`${base}/_emulator/requests`)).json()).requests;
}

describe('control API', () => {
  it('reports health', async () => {
    const response = await fetch(`${base}/_emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('logs every request but its own: method, path with query as received, lower-cased headers, ISO time', async () => {
    await getItem('file', { 'X-Custom-Header': 'Value', Prefer: 'redeemSharingLinkIfNecessary' });
    await fetch(`${base}${driveItemPath()}?$select=name`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x' },
    });
    await fetch(`${base}/thumbnails/none/small.png`);
    await fetch(`${base}/_emulator/health`);
    const log = await requestLog();
    expect(log.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET ${driveItemPath()}`,
      `OPTIONS ${driveItemPath()}?$select=name`,
      'GET /thumbnails/none/small.png',
    ]);
    expect(log[0]?.headers['x-custom-header']).toBe('Value');
    expect(log[0]?.headers.prefer).toBe('redeemSharingLinkIfNecessary');
    expect(log[0]?.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(new Date(log[0]!.time).toISOString()).toBe(log[0]?.time);
  });

  it('logs identity requests too', async () => {
    await fetch(authorizeUrl(base, pkcePair().challenge), { redirect: 'manual' });
    const log = await requestLog();
    expect(log[0]?.path).toMatch(/^\/common\/oauth2\/v2\.0\/authorize\?client_id=/);
  });

  it('reset clears the log', async () => {
    await getItem();
    expect(await requestLog()).toHaveLength(1);
    const reset = await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(await requestLog()).toEqual([]);
  });

  it('answers any origin', async () => {
    const response = await fetch(`${base}/_emulator/requests`, {
      headers: { Origin: 'http://127.0.0.1:9999' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lists the dataset’s links with their share tokens', async () => {
    const { links } = await (await fetch(`${base}/_emulator/links`)).json();
    const file = links.find((link: { label: string }) => link.label === 'file');
    expect(file.shareToken).toBe(encodeSharingUrl(demoLinkUrl('file')));
  });
});

describe('fault injection', () => {
  it('throttles with Graph’s 429 body and Retry-After in seconds, for the next N matching requests', async () => {
    await addFault({ match: { path: '/v1.0/shares/' }, status: 429, retryAfter: 3, count: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await getItem();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      const body = await response.json();
      expect(body.error.code).toBe('TooManyRequests');
      expect(body.error.innerError.code).toBe('throttledRequest');
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    }
    expect((await getItem()).status).toBe(200);
  });

  it('sends Retry-After as an HTTP-date when given one (§1.7), readable cross-origin', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    await addFault({ match: { path: '/driveItem' }, status: 429, retryAfter: date });
    const response = await getItem('file', { Origin: 'chrome-extension://abc' });
    expect(response.headers.get('retry-after')).toBe(date);
    expect(response.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
    expect(response.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('gives 503 faults the serviceNotAvailable body', async () => {
    await addFault({ match: { path: '/v1.0/' }, status: 503, retryAfter: 1 });
    const response = await getItem();
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe('serviceNotAvailable');
  });

  it('returns malformed JSON with 200', async () => {
    await addFault({ match: { path: '/v1.0/shares/' }, malformedJson: true });
    const response = await getItem();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    await expect(response.json()).rejects.toThrow();
  });

  it('delays matching responses without changing them', async () => {
    await addFault({ match: { path: '/v1.0/shares/' }, delayMs: 300 });
    const started = Date.now();
    const response = await getItem();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect((await response.json()).name).toBe('FY26 Budget.xlsx');
  });

  it('uses a given status, body and headers as they are', async () => {
    await addFault({
      match: { path: '/driveItem' },
      status: 500,
      body: { error: { code: 'UnknownError', message: '' } },
      headers: { 'RateLimit-Remaining': 0 },
    });
    const response = await getItem();
    expect(response.status).toBe(500);
    expect(response.headers.get('ratelimit-remaining')).toBe('0');
    expect(await response.json()).toEqual({ error: { code: 'UnknownError', message: '' } });
  });

  it('matches the method when given one and leaves CORS preflights alone otherwise', async () => {
    await addFault({ match: { method: 'POST', path: '/v1.0/' }, status: 429 });
    await fetch(`${base}${driveItemPath()}`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x' },
    });
    expect((await getItem()).status).toBe(200);
    const { faults } = await (await fetch(`${base}/_emulator/faults`)).json();
    expect(faults).toHaveLength(1);
    expect(faults[0].remaining).toBe(1);
  });

  it('gives token endpoint faults an OAuth-shaped body', async () => {
    await addFault({ match: { path: '/oauth2/v2.0/token' }, status: 503 });
    const response = await fetch(`${base}/common/oauth2/v2.0/token`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toBe('temporarily_unavailable');
  });

  it('lists, deletes one and clears faults; reset clears them too', async () => {
    const id = await addFault({ match: { path: '/a' }, status: 500 });
    await addFault({ match: { path: '/b' }, status: 500 });
    let { faults } = await (await fetch(`${base}/_emulator/faults`)).json();
    expect(faults.map((fault: { match: { path: string } }) => fault.match.path)).toEqual(['/a', '/b']);
    expect((await fetch(`${base}/_emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    ({ faults } = await (await fetch(`${base}/_emulator/faults`)).json());
    expect(faults).toHaveLength(1);
    expect((await fetch(`${base}/_emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    ({ faults } = await (await fetch(`${base}/_emulator/faults`)).json());
    expect(faults).toEqual([]);
    await addFault({ match: { path: '/v1.0/' }, status: 500 });
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect((await getItem()).status).toBe(200);
  });

  it('rejects an invalid fault with 400 naming the field', async () => {
    const response = await fetch(`${base}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: {}, status: 'often' }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toContain('match.path');
    expect(error).toContain('status');
  });
});

describe('sign-out reset', () => {
  it('revokes tokens and sessions, including the auto-login one', async () => {
    const own = await startEmulator({ autoLogin: true });
    try {
      const tokens = await signIn(own.url);
      const url = `${own.url}${driveItemPath()}`;
      expect((await fetch(url, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(
        200,
      );
      const reset = await fetch(`${own.url}/_emulator/reset`, {
        method: 'POST',
        body: JSON.stringify({ signOut: true }),
      });
      expect(reset.status).toBe(204);
      expect((await fetch(url, { headers: { Authorization: `Bearer ${tokens.access_token}` } })).status).toBe(
        401,
      );
      const silent = await fetch(authorizeUrl(own.url, pkcePair().challenge, { prompt: 'none' }), {
        redirect: 'manual',
      });
      expect(new URL(silent.headers.get('location')!).searchParams.get('error')).toBe('login_required');
    } finally {
      await own.close();
    }
  });

  it('keeps tokens on a plain reset', async () => {
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect((await getItem()).status).toBe(200);
  });
});
