/**
 * Fault injection (reference §1.7, §7.5): matching, counts, Retry-After, delays, broken JSON, and error bodies in
 * the shape of the service a faulted request belongs to.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSignedInEmulator } from '../test-hooks';
import { demoLinkUrl, encodeSharingUrl } from '../testing';
import type { Reply } from './http';
import { type RunningServer, startServer } from './pipeline';
import type { EmulatorService } from './service';

const demo = useSignedInEmulator();

const driveItemPath = (label = 'file') => `/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`;
const getItem = (label = 'file', headers: Record<string, string> = {}) =>
  fetch(`${demo.base}${driveItemPath(label)}`, {
    headers: { Authorization: `Bearer ${demo.accessToken}`, ...headers },
  });

async function addFault(spec: unknown, url = demo.base): Promise<string> {
  const response = await fetch(`${url}/_emulator/faults`, { method: 'POST', body: JSON.stringify(spec) });
  expect(response.status).toBe(201);
  return (await response.json()).id;
}

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

  it('sends Retry-After as an HTTP-date when given one (§1.7), not exposed cross-origin, as Graph does', async () => {
    const date = new Date(Date.now() + 5000).toUTCString();
    await addFault({ match: { path: '/driveItem' }, status: 429, retryAfter: date });
    const response = await getItem('file', { Origin: 'chrome-extension://abc' });
    expect(response.headers.get('retry-after')).toBe(date);
    expect(response.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
    // microsoft-graph-docs-contrib #2011: a page cannot read Retry-After.
    expect(response.headers.get('access-control-expose-headers')).not.toMatch(/retry-after/i);
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

  it('with delayAfterMs runs the request first, then holds its response', async () => {
    await addFault({ match: { path: '/v1.0/shares/' }, delayAfterMs: 300, headers: { 'X-Held': 'yes' } });
    const started = Date.now();
    const response = await getItem();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-held')).toBe('yes');
    expect((await response.json()).name).toBe('FY26 Budget.xlsx');
  });

  it('with delayAfterMs and a status keeps what the request did but answers with the fault', async () => {
    // A durable redemption is a side effect: it must survive a response the client never saw succeed.
    const prefer = { Prefer: 'redeemSharingLink' };
    await addFault({ match: { path: '/v1.0/shares/' }, delayAfterMs: 50, status: 504 });
    const timedOut = await getItem('must-redeem', prefer);
    expect(timedOut.status).toBe(504);
    expect((await timedOut.json()).error.code).toBe('gatewayTimeout');
    expect((await getItem('must-redeem')).status).toBe(200);
  });

  it('with delayMs and a status never runs the request', async () => {
    await addFault({ match: { path: '/v1.0/shares/' }, delayMs: 10, status: 504 });
    expect((await getItem('must-redeem', { Prefer: 'redeemSharingLink' })).status).toBe(504);
    expect((await getItem('must-redeem')).status).toBe(403);
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
    await fetch(`${demo.base}${driveItemPath()}`, {
      method: 'OPTIONS',
      headers: { Origin: 'chrome-extension://x' },
    });
    expect((await getItem()).status).toBe(200);
    const { faults } = await (await fetch(`${demo.base}/_emulator/faults`)).json();
    expect(faults).toHaveLength(1);
    expect(faults[0].remaining).toBe(1);
  });

  it('gives token endpoint faults an OAuth-shaped body', async () => {
    await addFault({ match: { path: '/oauth2/v2.0/token' }, status: 503 });
    const response = await fetch(`${demo.base}/common/oauth2/v2.0/token`, { method: 'POST' });
    expect(response.status).toBe(503);
    expect((await response.json()).error).toBe('temporarily_unavailable');
  });

  it('lists, deletes one and clears faults; reset clears them too', async () => {
    const id = await addFault({ match: { path: '/a' }, status: 500 });
    await addFault({ match: { path: '/b' }, status: 500 });
    let { faults } = await (await fetch(`${demo.base}/_emulator/faults`)).json();
    expect(faults.map((fault: { match: { path: string } }) => fault.match.path)).toEqual(['/a', '/b']);
    expect((await fetch(`${demo.base}/_emulator/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
    ({ faults } = await (await fetch(`${demo.base}/_emulator/faults`)).json());
    expect(faults).toHaveLength(1);
    expect((await fetch(`${demo.base}/_emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    ({ faults } = await (await fetch(`${demo.base}/_emulator/faults`)).json());
    expect(faults).toEqual([]);
    await addFault({ match: { path: '/v1.0/' }, status: 500 });
    await fetch(`${demo.base}/_emulator/reset`, { method: 'POST' });
    expect((await getItem()).status).toBe(200);
  });

  it('rejects an invalid fault with 400 naming the field', async () => {
    const response = await fetch(`${demo.base}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: {}, status: 'often' }),
    });
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toContain('match.path');
    expect(error).toContain('status');
  });
});

describe('error bodies of other services', () => {
  const xml = (status: number, body: string): Reply => ({
    status,
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
    body: `<?xml version="1.0" encoding="utf-8"?>${body}`,
  });
  /** Test-only: answers like Commvault's REST API, whose errors are XML (reference/contentstore-ews.md §1). */
  const contentStoreLike: EmulatorService = {
    name: 'xml-test',
    matches: ([first]) => first === 'contentstore',
    handle: () => xml(200, '<App_GenericResp errorCode="0"/>'),
    errorReply: (_req, status, message = 'Emulated fault.') =>
      xml(status, `<App_GenericResp errorCode="${status}" errorString="${message}"/>`),
  };
  /** Test-only: answers like EWS, whose server errors are SOAP 1.1 faults (reference/contentstore-ews.md §2.4). */
  const ewsLike: EmulatorService = {
    name: 'soap-test',
    matches: ([first]) => first === 'EWS',
    handle: () => {
      throw new Error('a bug in the service');
    },
    errorReply: (_req, status, message = 'An internal server error occurred.') => ({
      status,
      headers: { 'Content-Type': 'text/xml; charset=utf-8' },
      body:
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>' +
        `<faultcode>s:Server</faultcode><faultstring xml:lang="en-US">${message}</faultstring>` +
        '</s:Fault></s:Body></s:Envelope>',
    }),
  };
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer([contentStoreLike, ewsLike]);
  });
  afterAll(() => server.close());

  it('gives a fault on an XML service the service’s XML error body and content type', async () => {
    await addFault({ match: { path: '/contentstore/' }, status: 503, retryAfter: 5 }, server.url);
    const response = await fetch(`${server.url}/contentstore/file/1`);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('request-id')).toBeTruthy();
    expect(await response.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?><App_GenericResp errorCode="503" errorString="Emulated fault."/>',
    );
    expect(await (await fetch(`${server.url}/contentstore/file/1`)).text()).toContain('errorCode="0"');
  });

  it('answers faults and unexpected errors of a SOAP service with SOAP faults', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    await addFault({ match: { path: '/EWS/' }, status: 500 }, server.url);
    for (let i = 0; i < 2; i++) {
      // First the injected fault, then the service's own exception.
      const response = await fetch(`${server.url}/EWS/Exchange.asmx`, { method: 'POST' });
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      expect(await response.text()).toMatch(/<s:Fault><faultcode>s:Server<\/faultcode>/);
    }
  });

  it('sends an explicit body as given (JSON unless the fault sets Content-Type), and the core’s own error body for paths no service claims', async () => {
    await addFault({ match: { path: '/contentstore/' }, status: 500, body: { any: 'json' } }, server.url);
    const explicit = await fetch(`${server.url}/contentstore/file/1`);
    expect(explicit.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await explicit.json()).toEqual({ any: 'json' });

    const headers = { 'content-type': 'application/xml' };
    await addFault({ match: { path: '/contentstore/' }, status: 400, body: '<bad/>', headers }, server.url);
    const typed = await fetch(`${server.url}/contentstore/file/1`);
    expect(typed.headers.get('content-type')).toBe('application/xml');
    expect(await typed.text()).toBe('<bad/>');

    await addFault({ match: { path: '/elsewhere' }, status: 503 }, server.url);
    const unclaimed = await fetch(`${server.url}/elsewhere`);
    expect(unclaimed.status).toBe(503);
    expect(await unclaimed.json()).toEqual({
      error: { code: 'serviceUnavailable', message: 'Emulated fault: HTTP 503.' },
    });
  });
});
