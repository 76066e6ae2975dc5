/** `POST /v1.0/$batch` per reference §1.8 and §7.10. */
import { describe, expect, it } from 'vitest';
import { useSignedInEmulator } from '../../test-hooks';
import { demoLinkUrl, encodeSharingUrl } from '../../testing';

const demo = useSignedInEmulator();

interface PartResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: { name?: string; error?: { code: string; message: string; innerError?: Record<string, string> } };
}

function batch(requests: unknown[], authorization = `Bearer ${demo.accessToken}`) {
  return fetch(`${demo.base}/v1.0/$batch`, {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/json' },
    body: JSON.stringify({ requests }),
  });
}

const driveItemUrl = (label: string) => `/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`;
const get = (id: string, label: string) => ({ id, method: 'GET', url: driveItemUrl(label) });

async function responsesOf(response: Response): Promise<PartResponse[]> {
  expect(response.status).toBe(200);
  return (await response.json()).responses;
}

describe('$batch', () => {
  it('runs each part and answers 200 {responses:[{id,status,headers,body}]} in shuffled order', async () => {
    const labels = ['bulk-1', 'bulk-2', 'bulk-3', 'bulk-4', 'bulk-5'];
    const responses = await responsesOf(
      await batch(labels.map((label, index) => get(String(index + 1), label))),
    );
    expect(responses.map((part) => part.id).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(responses.map((part) => part.id)).not.toEqual(['1', '2', '3', '4', '5']);
    for (const part of responses) {
      expect(part.status).toBe(200);
      expect(part.headers['Content-Type']).toContain('application/json');
      expect(part.body?.name).toBeTypeOf('string');
    }
  });

  it('accepts 20 requests and rejects 21 with 400', async () => {
    const requests = Array.from({ length: 21 }, (_, index) => get(`r${index}`, `bulk-${index + 1}`));
    const tooMany = await batch(requests);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.code).toBe('BadRequest');
    expect(await responsesOf(await batch(requests.slice(0, 20)))).toHaveLength(20);
  });

  it('rejects ids that repeat case-insensitively with 400', async () => {
    const response = await batch([get('a', 'bulk-1'), get('A', 'bulk-2')]);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'innerError']);
  });

  it('rejects a part with an absolute URL with 400 for the whole batch', async () => {
    const response = await batch([
      get('1', 'bulk-1'),
      { id: '2', method: 'GET', url: `https://graph.microsoft.com/v1.0${driveItemUrl('bulk-2')}` },
    ]);
    expect(response.status).toBe(400);
  });

  it('requires headers with a Content-Type when a part has a body', async () => {
    const withoutHeaders = await batch([
      { id: '1', method: 'POST', url: '/shares/x/permission/grant', body: { roles: ['read'] } },
    ]);
    expect(withoutHeaders.status).toBe(400);
    const withHeaders = await batch([
      {
        id: '1',
        method: 'POST',
        url: `${driveItemUrl('bulk-1')}`,
        headers: { 'Content-Type': 'application/json' },
        body: { name: 'x' },
      },
    ]);
    const [part] = await responsesOf(withHeaders);
    expect(part?.status).toBe(405);
  });

  it('rejects a malformed payload with 400', async () => {
    for (const body of [
      '{',
      '{"requests": 3}',
      JSON.stringify({ requests: [{ id: '1', url: '/shares' }] }),
    ]) {
      const response = await fetch(`${demo.base}/v1.0/$batch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${demo.accessToken}`, 'Content-Type': 'application/json' },
        body,
      });
      expect(response.status, body).toBe(400);
    }
  });

  it('answers 424 to a part whose dependency failed, and runs parts whose dependency succeeded', async () => {
    const responses = await responsesOf(
      await batch([
        get('denied', 'no-access'),
        { ...get('after-denied', 'bulk-1'), dependsOn: ['denied'] },
        get('ok', 'bulk-2'),
        { ...get('after-ok', 'bulk-3'), dependsOn: ['OK'] },
      ]),
    );
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId.denied?.status).toBe(403);
    expect(byId['after-denied']?.status).toBe(424);
    expect(byId.ok?.status).toBe(200);
    expect(byId['after-ok']?.status).toBe(200);
  });

  it('gives each part its own errors: malformed key 400, missing link 403 (never 404)', async () => {
    const responses = await responsesOf(
      await batch([
        { id: '1', method: 'GET', url: '/shares/u!not=valid/driveItem' },
        {
          id: '2',
          method: 'GET',
          url: `/shares/${encodeSharingUrl('https://contoso.sharepoint.com/:x:/s/X/Enope')}/driveItem`,
        },
      ]),
    );
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId['1']?.status).toBe(400);
    expect(byId['1']?.body?.error?.message).toBe('Invalid shares key.');
    expect(byId['2']?.status).toBe(403);
    expect(byId['2']?.body?.error?.code).toBe('accessDenied');
  });

  it('resolves an item’s own URL in a part as /shares does (reference §3)', async () => {
    const itemUrl = (url: string) => ({ method: 'GET', url: `/shares/${encodeSharingUrl(url)}/driveItem` });
    const responses = await responsesOf(
      await batch([
        {
          id: 'shared',
          ...itemUrl('https://contoso.sharepoint.com/sites/Finance/Shared Documents/FY26 Budget.xlsx'),
        },
        {
          id: 'unshared',
          ...itemUrl('https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Q1%20Forecast.xlsx'),
        },
      ]),
    );
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId.shared?.status).toBe(200);
    expect(byId.shared?.body?.name).toBe('FY26 Budget.xlsx');
    expect(byId.unshared?.status).toBe(403);
    expect(byId.unshared?.body?.error?.code).toBe('accessDenied');
  });

  it('passes Prefer per part (redeem)', async () => {
    const responses = await responsesOf(
      await batch([
        get('plain', 'must-redeem'),
        { ...get('redeem', 'must-redeem'), headers: { Prefer: 'redeemSharingLinkIfNecessary' } },
      ]),
    );
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId.plain?.status).toBe(403);
    expect(byId.redeem?.status).toBe(200);
    expect(byId.redeem?.headers['Preference-Applied']).toBe('redeemSharingLinkIfNecessary');
  });

  it('throttles parts individually through the fault API: inner 429 + Retry-After, batch still 200', async () => {
    const fault = await fetch(`${demo.base}/_emulator/faults`, {
      method: 'POST',
      body: JSON.stringify({ match: { path: `/v1.0${driveItemUrl('bulk-2')}` }, status: 429, retryAfter: 7 }),
    });
    expect(fault.status).toBe(201);
    const responses = await responsesOf(
      await batch([get('1', 'bulk-1'), get('2', 'bulk-2'), get('3', 'bulk-3')]),
    );
    const byId = Object.fromEntries(responses.map((part) => [part.id, part]));
    expect(byId['2']?.status).toBe(429);
    expect(byId['2']?.headers['Retry-After']).toBe('7');
    expect(byId['2']?.body?.error?.code).toBe('TooManyRequests');
    expect(byId['1']?.status).toBe(200);
    expect(byId['3']?.status).toBe(200);
  });

  it('needs the batch’s own Authorization (401 otherwise)', async () => {
    const response = await batch([get('1', 'bulk-1')], '');
    expect(response.status).toBe(401);
  });

  it('logs the outer POST and every part with a batch marker', async () => {
    await batch([get('first', 'bulk-1'), get('second', 'bulk-2')]);
    const { requests } = await (await fetch(`${demo.base}/_emulator/requests`)).json();
    const outer = requests.find((entry: { path: string }) => entry.path === '/v1.0/$batch');
    expect(outer.method).toBe('POST');
    const parts = requests.filter((entry: { batch?: string }) => entry.batch !== undefined);
    expect(parts.map((entry: { batch: string }) => entry.batch).sort()).toEqual(['first', 'second']);
    for (const part of parts) {
      expect(part.batchRequestId).toBe(outer.requestId);
      expect(part.path).toMatch(/^\/v1\.0\/shares\/u!/);
      expect(part.headers.authorization).toBe(`Bearer ${demo.accessToken}`);
      expect(part.status).toBe(200);
    }
  });
});

describe('$batch parts and the batch they came in', () => {
  it('run under the batch’s client-request-id unless they send their own', async () => {
    const response = await fetch(`${demo.base}/v1.0/$batch`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${demo.accessToken}`,
        'Content-Type': 'application/json',
        'client-request-id': 'batch-correlation-1',
      },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/shares/u!bm9wZQ/driveItem' },
          {
            id: '2',
            method: 'GET',
            url: '/shares/u!bm9wZQ/driveItem',
            headers: { 'client-request-id': 'own-id' },
          },
        ],
      }),
    });
    const byId = Object.fromEntries((await responsesOf(response)).map((part) => [part.id, part]));
    expect(byId['1']?.body?.error?.innerError?.['client-request-id']).toBe('batch-correlation-1');
    expect(byId['1']?.headers['client-request-id']).toBe('batch-correlation-1');
    expect(byId['2']?.body?.error?.innerError?.['client-request-id']).toBe('own-id');
  });

  it('refuses a part url that repeats the version, as Graph does (msgraph-sdk-javascript #1451)', async () => {
    const response = await batch([{ id: '1', method: 'GET', url: `/v1.0${driveItemUrl('file')}` }]);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('Invalid batch payload format.');
  });
});
