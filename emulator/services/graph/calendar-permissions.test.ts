/**
 * Graph calendarPermissions (learn.microsoft.com/graph/api/resources/calendarpermission): the default
 * My Organization entry, create, get, update (role only), delete, the scopes each needs, and CORS.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../server';
import { DEMO_PASSWORDS, signIn } from '../../testing';
import { graphUserIdOf } from '../identity/users';

let emulator: RunningEmulator;
let base: string;
const tokens: Record<string, string> = {};
const ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: true });
  base = emulator.url;
  const sign = async (email: string, scope: string, clientId?: string) =>
    (
      await signIn(base, {
        email,
        password: DEMO_PASSWORDS[email] ?? '',
        scope: `openid profile offline_access ${scope}`,
        ...(clientId ? { clientId } : {}),
      })
    ).access_token;
  tokens.megan = await sign('megan@contoso.com', 'https://graph.microsoft.com/Calendars.ReadWrite');
  tokens.meganRead = await sign(
    'megan@contoso.com',
    'https://graph.microsoft.com/Calendars.Read',
    'read-app',
  );
  tokens.meganFiles = await sign(
    'megan@contoso.com',
    'https://graph.microsoft.com/Files.Read.All',
    'files-app',
  );
  tokens.dan = await sign('dan.jump@outlook.com', 'https://graph.microsoft.com/Calendars.ReadWrite');
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${base}/_emulator/reset`, { method: 'POST' });
});

const PATH = '/v1.0/me/calendar/calendarPermissions';

function call(method: string, path: string, body?: unknown, as = 'megan') {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${tokens[as]}`,
      'Content-Type': 'application/json',
      Origin: ORIGIN,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = await response.json();
  expect(body.error.code).toBe(code);
  expect(body.error.message).toBeTypeOf('string');
  expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
}

const MY_ORGANIZATION = {
  id: 'RGVmYXVsdA==',
  isRemovable: false,
  isInsideOrganization: true,
  role: 'freeBusyRead',
  allowedRoles: ['none', 'freeBusyRead', 'limitedRead', 'read', 'write'],
  emailAddress: { name: 'My Organization' },
};

describe('calendarPermissions', () => {
  it('lists My Organization by default, with the OData context', async () => {
    const response = await call('GET', PATH, undefined, 'meganRead');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await response.json();
    expect(body['@odata.context']).toBe(
      `${base}/v1.0/$metadata#users('${graphUserIdOf({ id: 'megan', kind: 'work' } as never)}')/calendar/calendarPermissions`,
    );
    expect(body.value).toEqual([MY_ORGANIZATION]);
  });

  it('creates permissions for a colleague and an outside recipient', async () => {
    const colleague = await call('POST', PATH, {
      emailAddress: { name: 'Adele', address: 'adele@contoso.com' },
      role: 'delegateWithoutPrivateEventAccess',
      isRemovable: false,
    });
    expect(colleague.status).toBe(200);
    const adele = await colleague.json();
    expect(adele).toMatchObject({
      id: Buffer.from('ExchangePublishedUser.adele@contoso.com').toString('base64'),
      isRemovable: true,
      isInsideOrganization: true,
      role: 'delegateWithoutPrivateEventAccess',
      emailAddress: { name: 'Adele', address: 'adele@contoso.com' },
    });
    expect(adele.allowedRoles).toContain('write');
    expect(adele['@odata.context']).toMatch(/\/calendar\/calendarPermissions\/\$entity$/);

    const outside = await call('POST', PATH, {
      emailAddress: { address: 'alex@fabrikam.com' },
      role: 'read',
    });
    const alex = await outside.json();
    expect(alex.isInsideOrganization).toBe(false);
    expect(alex.allowedRoles).toEqual(['freeBusyRead', 'limitedRead', 'read']);
    expect(alex.emailAddress).toEqual({ name: 'Alex Wilber', address: 'alex@fabrikam.com' });

    const list = await (await call('GET', PATH)).json();
    expect(list.value.map((entry: { id: string }) => entry.id)).toEqual(['RGVmYXVsdA==', adele.id, alex.id]);
    const one = await call('GET', `${PATH}/${encodeURIComponent(alex.id)}`);
    expect(one.status).toBe(200);
    expect((await one.json()).role).toBe('read');
  });

  it('refuses roles a recipient cannot have, unknown roles, bad addresses and duplicates', async () => {
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'alex@fabrikam.com' }, role: 'write' }),
      400,
      'ErrorInvalidRequest',
    );
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'alex@fabrikam.com' }, role: 'owner' }),
      400,
      'BadRequest',
    );
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'not an address' }, role: 'read' }),
      400,
      'ErrorInvalidRequest',
    );
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'megan@contoso.com' }, role: 'read' }),
      400,
      'ErrorInvalidRequest',
    );
    await expectError(await call('POST', PATH, '{not json'), 400, 'BadRequest');
    expect(
      (await call('POST', PATH, { emailAddress: { address: 'alex@fabrikam.com' }, role: 'read' })).status,
    ).toBe(200);
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'Alex@Fabrikam.com' }, role: 'limitedRead' }),
      400,
      'ErrorInvalidRequest',
    );
  });

  it('updates only the role', async () => {
    const created = await (
      await call('POST', PATH, { emailAddress: { address: 'adele@contoso.com' }, role: 'read' })
    ).json();
    const path = `${PATH}/${encodeURIComponent(created.id)}`;
    const patched = await call('PATCH', path, { role: 'write' });
    expect(patched.status).toBe(200);
    expect((await patched.json()).role).toBe('write');
    await expectError(
      await call('PATCH', path, { role: 'write', isRemovable: false }),
      400,
      'ErrorInvalidRequest',
    );
    // My Organization takes its own allowed roles.
    const organization = await call('PATCH', `${PATH}/RGVmYXVsdA==`, { role: 'limitedRead' });
    expect((await organization.json()).role).toBe('limitedRead');
    await expectError(
      await call('PATCH', `${PATH}/RGVmYXVsdA==`, { role: 'delegateWithPrivateEventAccess' }),
      400,
      'ErrorInvalidRequest',
    );
  });

  it('deletes a recipient but never My Organization', async () => {
    const created = await (
      await call('POST', PATH, { emailAddress: { address: 'alex@fabrikam.com' }, role: 'read' })
    ).json();
    const path = `${PATH}/${encodeURIComponent(created.id)}`;
    expect((await call('DELETE', path)).status).toBe(204);
    await expectError(await call('GET', path), 404, 'ErrorItemNotFound');
    await expectError(await call('DELETE', `${PATH}/RGVmYXVsdA==`), 400, 'ErrorInvalidRequest');
    expect((await (await call('GET', PATH)).json()).value).toEqual([MY_ORGANIZATION]);
  });

  it('needs Calendars.ReadWrite to write and a Calendars scope to read', async () => {
    await expectError(
      await call('POST', PATH, { emailAddress: { address: 'alex@fabrikam.com' }, role: 'read' }, 'meganRead'),
      403,
      'ErrorAccessDenied',
    );
    await expectError(
      await call('DELETE', `${PATH}/RGVmYXVsdA==`, undefined, 'meganRead'),
      403,
      'ErrorAccessDenied',
    );
    await expectError(await call('GET', PATH, undefined, 'meganFiles'), 403, 'ErrorAccessDenied');
    const anonymous = await fetch(`${base}${PATH}`);
    await expectError(anonymous, 401, 'InvalidAuthenticationToken');
  });

  it('answers /users/{upn} for the signed-in user only, and 404 without a mailbox', async () => {
    const self = await call('GET', '/v1.0/users/megan@contoso.com/calendar/calendarPermissions');
    expect(self.status).toBe(200);
    await expectError(
      await call('GET', '/v1.0/users/adele@contoso.com/calendar/calendarPermissions'),
      403,
      'ErrorAccessDenied',
    );
    await expectError(
      await call('GET', '/v1.0/users/nobody@contoso.com/calendar/calendarPermissions'),
      404,
      'ErrorInvalidUser',
    );
    await expectError(await call('GET', PATH, undefined, 'dan'), 404, 'MailboxNotEnabledForRESTAPI');
  });

  it('forgets changes on reset and passes CORS for an extension origin', async () => {
    const created = await call('POST', PATH, {
      emailAddress: { address: 'alex@fabrikam.com' },
      role: 'read',
    });
    expect(created.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    expect((await (await call('GET', PATH)).json()).value).toEqual([MY_ORGANIZATION]);
    const preflight = await fetch(`${base}${PATH}/x`, {
      method: 'OPTIONS',
      headers: {
        Origin: ORIGIN,
        'Access-Control-Request-Method': 'PATCH',
        'Access-Control-Request-Headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
  });
});
