import { describe, expect, it } from 'vitest';
import { graphErrorCodes, mapGraphError } from './errors';
import { graphError, NOW } from './test-support';

describe('graphErrorCodes', () => {
  it('walks innerError chains, outermost first', () => {
    // Throttling answer seen in the wild (reference/graph-shares.md §1.7).
    const body = {
      error: {
        code: 'activityLimitReached',
        message: 'The request has been throttled',
        innerError: { code: 'throttledRequest', innerError: { code: 'quota' } },
      },
    };
    expect(graphErrorCodes(body)).toEqual(['activityLimitReached', 'throttledRequest', 'quota']);
  });

  it('walks the OneDrive spelling innererror too, and mixed spellings', () => {
    const body = {
      error: {
        code: 'accessDenied',
        innererror: { code: 'accessRestricted', innerError: { code: 'policy' } },
      },
    };
    expect(graphErrorCodes(body)).toEqual(['accessDenied', 'accessRestricted', 'policy']);
  });

  it('skips levels without a code and ignores non-errors', () => {
    expect(graphErrorCodes(graphError('itemNotFound', 'x'))).toEqual(['itemNotFound']);
    for (const body of [undefined, null, 'oops', 42, [], {}, { error: 'denied' }, { error: { code: 7 } }]) {
      expect(graphErrorCodes(body)).toEqual([]);
    }
  });
});

describe('mapGraphError', () => {
  it('maps 403 to accessDenied: Graph hides missing and revoked links behind it', () => {
    const body = {
      ...graphError(
        'accessDenied',
        'The sharing link no longer exists, or you do not have permission to access it.',
      ),
      '@onedrive.linkFeatures': [],
    };
    const error = mapGraphError(403, body);
    expect(error).toMatchObject({ kind: 'accessDenied', status: 403, code: 'accessDenied' });
    expect(error.message).toBe(
      "You don't have access to this item, or the link no longer exists. Ask the person who shared it.",
    );
  });

  it.each([404, 410])('maps %i to notFound', (status) => {
    expect(mapGraphError(status, graphError('itemNotFound', 'Item not found'))).toMatchObject({
      kind: 'notFound',
      status,
      code: 'itemNotFound',
    });
  });

  it('maps 400 invalidRequest to invalidLink, in either error spelling', () => {
    expect(mapGraphError(400, graphError('invalidRequest', 'Invalid shares key.'))).toMatchObject({
      kind: 'invalidLink',
      code: 'invalidRequest',
    });
    const nested = { error: { code: 'invalidRequest', innererror: { code: 'invalidShareKey' } } };
    expect(mapGraphError(400, nested)).toMatchObject({ kind: 'invalidLink', code: 'invalidShareKey' });
  });

  it('maps other 400s to server', () => {
    expect(mapGraphError(400, graphError('BadRequest', 'Invalid shares key.'))).toMatchObject({
      kind: 'server',
      status: 400,
    });
  });

  it('maps 401 to unauthenticated with a sign-in sentence', () => {
    const error = mapGraphError(401, graphError('InvalidAuthenticationToken', 'Access token has expired.'));
    expect(error).toMatchObject({ kind: 'unauthenticated', status: 401, code: 'InvalidAuthenticationToken' });
    expect(error.message).toMatch(/sign in/i);
  });

  it('maps 429 to throttled with retryAt from Retry-After seconds', () => {
    const body = {
      error: {
        code: 'TooManyRequests',
        message: 'Please retry again later.',
        innerError: { code: '429', message: 'Please retry after', status: '429' },
      },
    };
    const error = mapGraphError(429, body, new Headers({ 'Retry-After': '30' }), { now: NOW });
    expect(error).toEqual({
      kind: 'throttled',
      status: 429,
      code: 'TooManyRequests',
      retryAt: NOW + 30_000,
      message: 'Microsoft Graph is busy. Try again in 30 seconds.',
    });
  });

  it('reads Retry-After from plain headers of any case, as an HTTP-date', () => {
    const headers = { 'RETRY-AFTER': new Date(NOW + 315_000).toUTCString() };
    const error = mapGraphError(503, undefined, headers, { now: NOW });
    expect(error).toMatchObject({ kind: 'throttled', retryAt: NOW + 315_000 });
    expect(error.message).toBe('Microsoft Graph is busy. Try again in 6 minutes.');
  });

  it('prefers the retry time the policy worked out', () => {
    const error = mapGraphError(504, undefined, { 'retry-after': '5' }, { now: NOW, retryAt: NOW + 1_000 });
    expect(error).toMatchObject({ kind: 'throttled', retryAt: NOW + 1_000 });
    expect(error.message).toBe('Microsoft Graph is busy. Try again in 1 second.');
  });

  it('says "in a moment" when nobody knows when', () => {
    const error = mapGraphError(503, graphError('serviceNotAvailable', 'x'), undefined, { now: NOW });
    expect(error.retryAt).toBeUndefined();
    expect(error.message).toBe('Microsoft Graph is busy. Try again in a moment.');
  });

  it('never branches on the message', () => {
    expect(mapGraphError(500, graphError('generalException', 'Invalid shares key.'))).toMatchObject({
      kind: 'server',
    });
    expect(mapGraphError(403, graphError('accessDenied', 'Item not found'))).toMatchObject({
      kind: 'accessDenied',
    });
  });

  it('maps everything else to server with the status in the sentence', () => {
    const error = mapGraphError(500, '<html>oops</html>');
    expect(error).toEqual({
      kind: 'server',
      status: 500,
      message: "Microsoft Graph couldn't complete the request (error 500). Try again later.",
    });
    expect(mapGraphError(302)).toMatchObject({ kind: 'server', message: expect.stringMatching(/redirect/) });
  });
});
