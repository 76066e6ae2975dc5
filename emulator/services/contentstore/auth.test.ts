/**
 * ContentStore authentication against reference/contentstore-ews.md §1.2 and §3.1: Login in both forms,
 * renewal with an expired token as cvpysdk does it, Logout, the 401s, the three base paths and CORS.
 */
import { describe, expect, it } from 'vitest';
import { advanceClock, base64, elements, loginAs, useContentStore, xmlRoot } from './test-support';

const demo = useContentStore();
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

function propertiesOf(token: string, base = demo.api) {
  return fetch(`${base}/contentstore/file/62df0e9f1899425eb98173a8adb802c6`, {
    headers: { Authtoken: token, Accept: 'application/json' },
  });
}

describe('base paths', () => {
  it.each(['webconsole/api', 'commandcenter/api', 'SearchSvc/CVWebService.svc'])(
    'GET %s/ answers 200 and serves Login',
    async (path) => {
      const probe = await fetch(`${demo.url}/${path}/`);
      expect(probe.status).toBe(200);
      expect(xmlRoot(await probe.text()).getAttribute('errorCode')).toBe('0');
      const login = await fetch(`${demo.url}/${path}/Login`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: JSON.stringify({ username: 'adele', password: base64('adele-pass') }),
      });
      const body = await login.json();
      expect(body.userName).toBe('adele');
      expect(body.token).toMatch(/^QSDK [0-9a-f]{96}$/);
      const properties = await propertiesOf(body.token, `${demo.url}/${path}`);
      expect(properties.status).toBe(200);
    },
  );

  it('GET / lists the contentstore entry point', async () => {
    const home = await (await fetch(`${demo.url}/`)).json();
    expect(home.services).toContain('contentstore');
    expect(home.contentstore).toBe(`${demo.url}/webconsole/api`);
  });
});

describe('POST Login', () => {
  it('takes cvpysdk JSON with its extra keys and answers token + userName', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        mode: 4,
        username: 'megan',
        password: base64('megan-pass'),
        deviceId: 'abc-123',
        clientType: 30,
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await response.json();
    expect(body.userName).toBe('megan');
    expect(body.smtpAddress).toBe('megan@contoso.com');
    expect(body.token.startsWith('QSDK ')).toBe(true);
    expect(body).not.toHaveProperty('errList');
  });

  it('takes the XML request and answers XML by default', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: `<DM2ContentIndexing_CheckCredentialReq mode="4" flags="2" deviceId="d" clientType="4" username="user1" password="${base64('user1-pass')}"/>`,
    });
    expect(response.headers.get('content-type')).toContain('application/xml');
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('DM2ContentIndexing_CheckCredentialResp');
    expect(root.getAttribute('userName')).toBe('user1');
    expect(root.getAttribute('token')).toMatch(/^QSDK [0-9a-f]+$/);
    expect(root.getAttribute('userGUID')).toMatch(/^[0-9A-F]{32}$/);
  });

  it('an XML request with Accept: application/json gets JSON', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml', Accept: 'application/json' },
      body: `<DM2ContentIndexing_CheckCredentialReq username="megan@contoso.com" password="${base64('megan-pass')}"/>`,
    });
    const body = await response.json();
    expect(body.userName).toBe('megan');
  });

  it('a wrong password is HTTP 200 with errList[0].errLogMessage and no token', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ username: 'megan', password: base64('wrong') }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.token).toBeUndefined();
    expect(body.errList[0].errLogMessage).toBe('Invalid Username or Password');
  });

  it('a password that is not base64 fails the same way', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<DM2ContentIndexing_CheckCredentialReq username="megan" password="megan-pass"/>',
    });
    expect(response.status).toBe(200);
    const root = xmlRoot(await response.text());
    expect(root.hasAttribute('token')).toBe(false);
    expect(elements(root, 'errList')[0]!.getAttribute('errLogMessage')).toBe(
      'The password must be base64-encoded.',
    );
  });

  it('a JSON request with Accept: application/xml gets the XML answer', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/xml' },
      body: JSON.stringify({ username: 'adele', password: base64('adele-pass') }),
    });
    expect(response.headers.get('content-type')).toContain('application/xml');
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('DM2ContentIndexing_CheckCredentialResp');
    expect(root.getAttribute('userName')).toBe('adele');
    expect(root.getAttribute('token')).toMatch(/^QSDK [0-9a-f]{96}$/);
  });

  it('a wrong password in XML answers XML errList, no token', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: `<DM2ContentIndexing_CheckCredentialReq username="megan" password="${base64('nope')}"/>`,
    });
    expect(response.status).toBe(200);
    const root = xmlRoot(await response.text());
    expect(root.hasAttribute('token')).toBe(false);
    expect(elements(root, 'errList')[0]!.getAttribute('errLogMessage')).toBe('Invalid Username or Password');
  });

  it('malformed XML is 400', async () => {
    const response = await fetch(`${demo.api}/Login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<DM2ContentIndexing_CheckCredentialReq username="megan" password="x"',
    });
    expect(response.status).toBe(400);
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('App_GenericResp');
    expect(root.getAttribute('errorCode')).toBe('400');
  });
});

describe('Authtoken', () => {
  it('a missing or unknown token is 401', async () => {
    const missing = await fetch(`${demo.api}/contentstore/file/62df0e9f1899425eb98173a8adb802c6`);
    expect(missing.status).toBe(401);
    expect(xmlRoot(await missing.text()).getAttribute('errorString')).toBe(
      'Invalid authorization token provided.',
    );
    const unknown = await propertiesOf(`QSDK ${'ab'.repeat(48)}`);
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).errorCode).toBe(401);
  });

  it('a bare token without the QSDK prefix is accepted', async () => {
    const token = await loginAs(demo.api);
    expect((await propertiesOf(token.slice(5))).status).toBe(200);
  });

  it('expires after idleMinutes without a request; each request restarts the idle time', async () => {
    const token = await loginAs(demo.api);
    await advanceClock(demo.url, 20);
    expect((await propertiesOf(token)).status).toBe(200);
    await advanceClock(demo.url, 20);
    expect((await propertiesOf(token)).status).toBe(200);
    await advanceClock(demo.url, 31);
    expect((await propertiesOf(token)).status).toBe(401);
  });
});

describe('every route but Login, RenewLoginToken, Logout, the base path and public shares needs a live token', () => {
  const PROJECTS = '62df0e9f1899425eb98173a8adb802c6';
  const ROUTES: [string, string, string?][] = [
    ['POST', 'WhoAmI'],
    ['GET', 'WhoAmI'],
    ['GET', 'CommServ'],
    ['GET', `contentstore/file/${PROJECTS}`],
    ['GET', 'contentstore/action/metadata?path=%5CProjects'],
    ['POST', `contentstore/folder/${PROJECTS}/action/list`],
    ['POST', 'contentstore/action/list?path=%5C'],
    ['GET', `drive/file/${PROJECTS}`],
    ['GET', `contentstore/file/${PROJECTS}/action/download`],
    ['GET', 'contentstore/share'],
    ['GET', 'contentstore/share/10/action/list?path=%5C'],
    ['POST', `contentstore/file/${PROJECTS}/action/share`, '<App_ShareInfo status="1"/>'],
    [
      'POST',
      'contentstore/action/share',
      '<App_ShareInfo status="1"><browseInfo><paths path="\\Projects"/></browseInfo></App_ShareInfo>',
    ],
    ['PUT', 'ShareFolder/10', '<App_ShareInfo/>'],
    ['DELETE', 'ShareFolder/10'],
  ];
  const call = (method: string, route: string, body: string | undefined, token?: string) =>
    fetch(`${demo.api}/${route}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/xml' } : {}),
        ...(token ? { Authtoken: token } : {}),
      },
      ...(body ? { body } : {}),
    });

  it('missing, unknown, logged out or idle-expired: 401 App_GenericResp, and nothing changes', async () => {
    const loggedOut = await loginAs(demo.api, 'adele');
    await fetch(`${demo.api}/Logout`, { method: 'POST', headers: { Authtoken: loggedOut } });
    const idle = await loginAs(demo.api);
    await advanceClock(demo.url, 31);
    for (const [method, route, body] of ROUTES)
      for (const token of [undefined, `QSDK ${'0f'.repeat(48)}`, loggedOut, idle]) {
        const response = await call(method, route, body, token);
        expect(response.status, `${method} ${route} with ${token?.slice(0, 12)}`).toBe(401);
        expect(await response.json()).toEqual({
          errorCode: 401,
          errorString: 'Invalid authorization token provided.',
        });
      }
    const links = await (await fetch(`${demo.url}/_emulator/contentstore/links`)).json();
    expect(links.shares.map((share: { id: number }) => share.id)).toEqual([10, 12, 36]);
  });

  it('the same routes answer with a live token (none is a 401 by mistake)', async () => {
    const token = await loginAs(demo.api);
    for (const [method, route, body] of ROUTES) {
      const response = await call(method, route, body, token);
      expect(response.status, `${method} ${route}`).not.toBe(401);
    }
  });

  it('public shares, the base path and Logout need none, even with an expired token beside', async () => {
    const idle = await loginAs(demo.api);
    await advanceClock(demo.url, 31);
    for (const token of [undefined, idle]) {
      const headers = token ? { Authtoken: token } : undefined;
      expect((await fetch(`${demo.api}/contentstore/publicshare/12`, { headers })).status).toBe(200);
      expect((await fetch(`${demo.url}/commandcenter/api/`, { headers })).status).toBe(200);
    }
    const logout = await fetch(`${demo.api}/Logout`, { method: 'POST', headers: { Authtoken: idle } });
    expect(logout.status).toBe(200);
  });
});

describe('POST RenewLoginToken', () => {
  it('renews an idle-expired token sent as Authtoken and sessionId; the old token stops working', async () => {
    const expired = await loginAs(demo.api);
    await advanceClock(demo.url, 45);
    expect((await propertiesOf(expired)).status).toBe(401);
    const response = await fetch(`${demo.api}/RenewLoginToken`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, Authtoken: expired },
      body: JSON.stringify({ sessionId: expired, deviceId: 'abc-123' }),
    });
    expect(response.status).toBe(200);
    const { token } = await response.json();
    expect(token).toMatch(/^QSDK /);
    expect(token).not.toBe(expired);
    expect((await propertiesOf(token)).status).toBe(200);
    expect((await propertiesOf(expired)).status).toBe(401);
  });

  it('a logged-out token gets HTTP 200 with error.errLogMessage (a 401 would make cvpysdk renew forever)', async () => {
    const token = await loginAs(demo.api);
    await fetch(`${demo.api}/Logout`, { method: 'POST', headers: { Authtoken: token } });
    const response = await fetch(`${demo.api}/RenewLoginToken`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, Authtoken: token },
      body: JSON.stringify({ sessionId: token }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.token).toBeUndefined();
    expect(body.error.errLogMessage).toBe('Invalid authorization token provided.');
  });

  it('renews from the Authtoken header alone, answering XML when asked', async () => {
    const token = await loginAs(demo.api);
    const response = await fetch(`${demo.api}/RenewLoginToken`, {
      method: 'POST',
      headers: { Authtoken: token },
    });
    const renewed = xmlRoot(await response.text()).getAttribute('token');
    expect(renewed).toMatch(/^QSDK /);
    expect((await propertiesOf(renewed!)).status).toBe(200);
  });
});

describe('WhoAmI and CommServ (what cvpysdk reads)', () => {
  it('WhoAmI answers user.userName in JSON and XML', async () => {
    const token = await loginAs(demo.api, 'adele');
    const json = await fetch(`${demo.api}/WhoAmI`, {
      method: 'POST',
      headers: { Authtoken: token, Accept: 'application/json' },
    });
    expect((await json.json()).user.userName).toBe('adele');
    const xml = await fetch(`${demo.api}/WhoAmI`, { headers: { Authtoken: token } });
    const root = xmlRoot(await xml.text());
    expect(root.localName).toBe('CvEntities_ProcessingInstructionInfo');
    expect(elements(root, 'user')[0]!.getAttribute('userName')).toBe('adele');
    expect((await fetch(`${demo.api}/WhoAmI`, { method: 'POST' })).status).toBe(401);
  });

  it('CommServ answers the keys cvpysdk reads', async () => {
    const token = await loginAs(demo.api);
    const body = await (
      await fetch(`${demo.api}/CommServ`, { headers: { Authtoken: token, Accept: 'application/json' } })
    ).json();
    expect(body.commcell).toMatchObject({ commCellName: 'ShareLens emulator', commCellId: 2 });
    expect(body.csTimeZone.TimeZoneName).toBe('(UTC) Coordinated Universal Time');
    expect(body.hostName).toBe('127.0.0.1');
    expect(body.csVersionInfo).toBe('11.36.0');
  });
});

describe('POST Logout', () => {
  it('answers "User logged out", then the token is refused; a second Logout says the token is invalid', async () => {
    const token = await loginAs(demo.api);
    const first = await fetch(`${demo.api}/Logout`, {
      method: 'POST',
      headers: { Authtoken: token, 'Content-Type': 'application/xml', Accept: 'application/xml' },
      body: '',
    });
    expect(first.status).toBe(200);
    expect(await first.text()).toBe('User logged out');
    expect((await propertiesOf(token)).status).toBe(401);
    const second = await fetch(`${demo.api}/Logout`, { method: 'POST', headers: { Authtoken: token } });
    expect(await second.text()).toBe('Invalid authorization token provided.');
  });

  it('a sign-out reset forgets every token', async () => {
    const token = await loginAs(demo.api);
    await fetch(`${demo.url}/_emulator/reset`, { method: 'POST', body: '{"signOut":true}' });
    expect((await propertiesOf(token)).status).toBe(401);
  });
});

describe('CORS', () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  it('answers a preflight from an extension with Authtoken allowed', async () => {
    const response = await fetch(`${demo.api}/contentstore/file/62df0e9f1899425eb98173a8adb802c6`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authtoken, accept',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authtoken');
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('echoes the extension origin on the actual response', async () => {
    const token = await loginAs(demo.api);
    const response = await fetch(`${demo.api}/contentstore/file/62df0e9f1899425eb98173a8adb802c6`, {
      headers: { Origin: origin, Authtoken: token },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
