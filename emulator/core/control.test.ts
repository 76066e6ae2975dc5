/** The control API: request log, reset, health, and the links route the graph service adds. */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../server';
import { useSignedInEmulator } from '../test-hooks';
import { authorizeUrl, demoLinkUrl, encodeSharingUrl, pkcePair, signIn } from '../testing';

const demo = useSignedInEmulator();

const driveItemPath = (label = 'file') => `/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`;
const getItem = (label = 'file', headers: Record<string, string> = {}) =>
  fetch(`${demo.base}${driveItemPath(label)}`, {
    headers: { Authorization: `Bearer ${demo.accessToken}`, ...headers },
  });

async function requestLog(): Promise<
  { method: string; path: string; headers: Record<string, string>; time: string }[]
> {
  return (await (await fetch(`${demo.base}/_emulator/requests`)).json()).requests;
}

describe('control API', () => {
  it('reports health', async () => {
    const response = await fetch(`${demo.base}/_emulator/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('logs every request but its own: method, path with query as received, lower-cased headers, ISO time', async () => {
    await getItem('file', { 'X-Custom-Header': 'Value', Prefer: 'redeemSharingLinkIfNecessary' });
    await fetch(`${demo.base}${driveItemPath()}?$select=name`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x' },
    });
    await fetch(`${demo.base}/thumbnails/none/small.png`);
    await fetch(`${demo.base}/_emulator/health`);
    const log = await requestLog();
    expect(log.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `GET ${driveItemPath()}`,
      `OPTIONS ${driveItemPath()}?$select=name`,
      'GET /thumbnails/none/small.png',
    ]);
    expect(log[0]?.headers['x-custom-header']).toBe('Value');
    expect(log[0]?.headers.prefer).toBe('redeemSharingLinkIfNecessary');
    expect(log[0]?.headers.authorization).toBe(`Bearer ${demo.accessToken}`);
    expect(new Date(log[0]!.time).toISOString()).toBe(log[0]?.time);
  });

  it('logs identity requests too', async () => {
    await fetch(authorizeUrl(demo.base, pkcePair().challenge), { redirect: 'manual' });
    const log = await requestLog();
    expect(log[0]?.path).toMatch(/^\/common\/oauth2\/v2\.0\/authorize\?client_id=/);
  });

  it('reset clears the log', async () => {
    await getItem();
    expect(await requestLog()).toHaveLength(1);
    const reset = await fetch(`${demo.base}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(await requestLog()).toEqual([]);
  });

  it('answers any origin', async () => {
    const response = await fetch(`${demo.base}/_emulator/requests`, {
      headers: { Origin: 'http://127.0.0.1:9999' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('lists the dataset’s links with their share tokens', async () => {
    const { links } = await (await fetch(`${demo.base}/_emulator/links`)).json();
    const file = links.find((link: { label: string }) => link.label === 'file');
    expect(file.shareToken).toBe(encodeSharingUrl(demoLinkUrl('file')));
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
    await fetch(`${demo.base}/_emulator/reset`, { method: 'POST' });
    expect((await getItem()).status).toBe(200);
  });
});
