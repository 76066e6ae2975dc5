/** What the identity platform's tests share: form posts, JWT payloads and the platform's error shape. */
import { expect } from 'vitest';

export function decodeJwt(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export function postForm(url: string, fields: URLSearchParams, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: fields,
    redirect: 'manual',
  });
}

/** A 400 in the platform's shape, `{error, error_description: "AADSTS…: …", error_codes, …}`; returns the body. */
export async function expectOAuthError(response: Response, error: string, code: number) {
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.error).toBe(error);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: `));
  expect(body.error_codes).toEqual([code]);
  expect(body.timestamp).toBeTypeOf('string');
  expect(body.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  expect(body.correlation_id).toBeTypeOf('string');
  return body as Record<string, unknown>;
}

/** The `error` and AADSTS code of an authorize redirect that reports a problem. */
export function redirectError(response: Response): { error: string | null; code: string | undefined } {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location')!);
  const params = location.searchParams;
  return {
    error: params.get('error'),
    code: /^AADSTS(\d+):/.exec(params.get('error_description') ?? '')?.[1],
  };
}
