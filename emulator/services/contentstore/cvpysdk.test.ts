/**
 * Commvault's own SDK, cvpysdk, against the ContentStore emulator: the requests below are the ones cvpysdk sent
 * (method, path, headers in their order and spelling, body), captured on the wire when it was run unchanged
 * against this emulator (demo dataset, loopback http) with Debian's python3-requests 2.28.1:
 *
 * - github.com/CommvaultEngg/cvpysdk at commit 29d82fe6e8f552940534c508cfdbf2c14d16cde3 (base `webconsole/api/`);
 * - github.com/Commvault/cvpysdk at commit 6094504640bdcd1807c4afc086488f8b09e4c000 (base `commandcenter/api/`).
 *
 * Both send the same requests; only the base path differs. What was driven: `Commcell(host, user, password)`
 * (it tries https first, then http: the https attempt never reached the server and is left out), a refused
 * Login, `Commcell(host, authtoken=…)`, a 401 after the idle time (moved with the control route) followed by
 * its own RenewLoginToken and retry, `logout()`, and ContentStore calls through the SDK's generic
 * `Commcell.request(method, url, body)` (cvpysdk has no ObjectStore methods of its own).
 *
 * The replay substitutes only what changes from run to run: the port in `Host`, and the token in `Authtoken`
 * and `sessionId` (a `QSDK ` token has the same length every time, so `Content-Length` stays as captured; the
 * helper checks it). Each answer is then read the way cvpysdk reads it (cvpysdk.py `_login`, `_renew_login_token`,
 * `_logout`, `who_am_i`, `make_request`; commcell.py `_get_commserv_details`).
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useContentStore } from './test-support';

const demo = useContentStore();

const CVPYSDK = [
  {
    repo: 'CommvaultEngg/cvpysdk',
    commit: '29d82fe6e8f552940534c508cfdbf2c14d16cde3',
    base: 'webconsole/api',
  },
  {
    repo: 'Commvault/cvpysdk',
    commit: '6094504640bdcd1807c4afc086488f8b09e4c000',
    base: 'commandcenter/api',
  },
] as const;

/** What python-requests adds to every request, in its order. */
const REQUESTS_DEFAULTS = {
  'User-Agent': 'python-requests/2.28.1',
  'Accept-Encoding': 'gzip, deflate',
};
/** cvpysdk's own headers (`Commcell._headers`), after the defaults; `{host}` and `{token}` are filled in. */
const SDK_JSON = { Accept: 'application/json', Connection: 'keep-alive', Host: '{host}' };

interface Captured {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** below the base path */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

interface Replayed {
  status: number;
  contentType: string;
  text: string;
  json(): ReturnType<typeof JSON.parse>;
}

/** Sends one captured request as it was (header order and case kept), the port and the token filled in. */
function replay(base: string, captured: Captured, token = ''): Promise<Replayed> {
  const url = new URL(demo.url);
  const fill = (value: string) => value.replaceAll('{host}', url.host).replaceAll('{token}', token);
  const headers = Object.entries(captured.headers).map(([name, value]) => [name, fill(value)] as const);
  const body = captured.body === undefined ? undefined : fill(captured.body);
  const length = headers.find(([name]) => name === 'Content-Length')?.[1];
  if (length !== undefined)
    expect(Number(length), 'captured Content-Length').toBe(Buffer.byteLength(body ?? ''));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: captured.method,
        path: `/${base}/${captured.path}`,
        // An array of pairs keeps the names' case and order.
        headers: headers.flat(),
        setHost: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            contentType: String(response.headers['content-type'] ?? ''),
            text,
            json: () => JSON.parse(text),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function advanceClock(minutes: number) {
  // cvpysdk's run moved the clock with a plain requests.post to the control route, as here.
  await fetch(`${demo.url}/_emulator/contentstore/clock`, {
    method: 'POST',
    body: JSON.stringify({ advanceMinutes: minutes }),
  });
}

// The requests, as captured (bodies are python's json.dumps: ", " and ": " separators).
// cvpysdk sets no headers on its probe: python's http.client puts `Host` first, then the defaults of requests.
const PROBE: Captured = {
  method: 'GET',
  path: '',
  headers: { Host: '{host}', ...REQUESTS_DEFAULTS, Accept: '*/*', Connection: 'keep-alive' },
};
const login = (password: string): Captured => {
  const body = `{"mode": 4, "username": "megan", "password": "${password}", "deviceId": "localhost", "clientType": 30}`;
  return {
    method: 'POST',
    path: 'Login',
    headers: {
      ...REQUESTS_DEFAULTS,
      ...SDK_JSON,
      'Content-type': 'application/json',
      'Content-Length': String(body.length),
    },
    body,
  };
};
/** A GET through `make_request`: the JSON content type is sent even without a body. */
const get = (path: string): Captured => ({
  method: 'GET',
  path,
  headers: { ...REQUESTS_DEFAULTS, ...SDK_JSON, 'Content-type': 'application/json', Authtoken: '{token}' },
});
/** A POST without a body: `make_request` switches the content type to XML and sends an empty body. */
const emptyPost = (path: string): Captured => ({
  method: 'POST',
  path,
  headers: {
    ...REQUESTS_DEFAULTS,
    ...SDK_JSON,
    'Content-type': 'application/xml',
    Authtoken: '{token}',
    'Content-Length': '0',
  },
});
/** A POST or PUT with a dict (sent as JSON) or a string (XML if xmltodict parses it, else text/plain). */
const withBody = (method: 'POST' | 'PUT', path: string, type: string, body: string): Captured => ({
  method,
  path,
  headers: {
    ...REQUESTS_DEFAULTS,
    ...SDK_JSON,
    'Content-type': type,
    Authtoken: '{token}',
    'Content-Length': String(Buffer.byteLength(body)),
  },
  body,
});
const RENEW: Captured = withBody(
  'POST',
  'RenewLoginToken',
  'application/json',
  '{"sessionId": "{token}", "deviceId": "localhost"}',
);
// `withBody` computed Content-Length from the template; the captured one is that of the real token: 143.
RENEW.headers['Content-Length'] = '143';
/** DELETE through `make_request`: the JSON content type and an empty body (requests sends Content-Length: 0). */
const del = (path: string): Captured => ({
  method: 'DELETE',
  path,
  headers: {
    ...REQUESTS_DEFAULTS,
    ...SDK_JSON,
    'Content-type': 'application/json',
    Authtoken: '{token}',
    'Content-Length': '0',
  },
});

describe.each(CVPYSDK)('cvpysdk ($repo at $commit) against /$base/', ({ base }) => {
  it('Commcell(host, user, password): probe, Login, CommServ; WhoAmI; 401 after the idle time → RenewLoginToken → retry; logout()', async () => {
    const probe = await replay(base, PROBE);
    // `_is_valid_service`: status 200 and response.ok.
    expect(probe.status).toBe(200);

    const loggedIn = await replay(base, login('bWVnYW4tcGFzcw=='));
    expect(loggedIn.status).toBe(200);
    // `_login`: "userName" and "token" both in the JSON answer.
    expect(loggedIn.json().userName).toBe('megan');
    const token = loggedIn.json().token as string;
    expect(token).toMatch(/^QSDK [0-9a-f]{96}$/);

    // `_get_commserv_details` (at construction in the older SDK, on first use in the newer one).
    const commServ = await replay(base, get('CommServ'), token);
    expect(commServ.status).toBe(200);
    const details = commServ.json();
    expect(typeof details.commcell.csGUID).toBe('string');
    expect(details.hostName).toBe('127.0.0.1');
    expect(typeof details.commcell.commCellName).toBe('string');
    expect(typeof details.csTimeZone.TimeZoneName).toBe('string');
    expect(typeof details.currentSPVersion).toBe('number');
    expect(typeof details.commcell.commCellId).toBe('number');
    expect(details.timeZone).toMatch(/\(.*/);
    expect(details.csVersionInfo.split('.').length).toBeLessThanOrEqual(3);

    // `who_am_i`: a JSON content type, errorCode absent or 0, user.userName.
    const whoAmI = await replay(base, emptyPost('WhoAmI'), token);
    expect(whoAmI.status).toBe(200);
    expect(whoAmI.contentType).toContain('application/json');
    expect(whoAmI.json().errorCode ?? 0).toBe(0);
    expect(whoAmI.json().user.userName).toBe('megan');

    await advanceClock(31);
    const refused = await replay(base, get('CommServ'), token);
    // `make_request`: a 401 while an Authtoken is set makes it call `_renew_login_token` (up to 3 times).
    expect(refused.status).toBe(401);
    const renewal = await replay(base, RENEW, token);
    expect(renewal.status).toBe(200);
    // `_renew_login_token`: "token" in the JSON answer.
    const renewed = renewal.json().token as string;
    expect(renewed).toMatch(/^QSDK [0-9a-f]{96}$/);
    expect(renewed).not.toBe(token);
    expect((await replay(base, get('CommServ'), renewed)).status).toBe(200);
    expect((await replay(base, emptyPost('WhoAmI'), renewed)).json().user.userName).toBe('megan');

    // `_logout`: a POST without a body; HTTP 200, and the text is what logout() returns.
    const logout = await replay(base, emptyPost('Logout'), renewed);
    expect(logout.status).toBe(200);
    expect(logout.text).toBe('User logged out');
    expect((await replay(base, get('CommServ'), renewed)).status).toBe(401);
  });

  it('a refused Login: HTTP 200 with errList[0].errLogMessage, no token (cvpysdk raises with that text)', async () => {
    expect((await replay(base, PROBE)).status).toBe(200);
    const refused = await replay(base, login('d3Jvbmc='));
    expect(refused.status).toBe(200);
    const body = refused.json();
    expect('userName' in body && 'token' in body).toBe(false);
    expect(body.errList[0].errLogMessage).toBe('Invalid Username or Password');
  });

  it('Commcell(host, authtoken=…): WhoAmI with the token; after logout() WhoAmI is 401 and RenewLoginToken answers error.errLogMessage', async () => {
    const token = (await replay(base, login('bWVnYW4tcGFzcw=='))).json().token as string;
    expect((await replay(base, PROBE)).status).toBe(200);
    // A bare token is sent with "QSDK " put in front by cvpysdk itself.
    expect((await replay(base, emptyPost('WhoAmI'), token)).json().user.userName).toBe('megan');
    expect((await replay(base, emptyPost('Logout'), token)).text).toBe('User logged out');

    expect((await replay(base, PROBE)).status).toBe(200);
    expect((await replay(base, emptyPost('WhoAmI'), token)).status).toBe(401);
    const renewal = await replay(base, RENEW, token);
    // 200, so cvpysdk reads it and raises once, instead of renewing again on a 401.
    expect(renewal.status).toBe(200);
    expect(renewal.json().token).toBeUndefined();
    expect(renewal.json().error.errLogMessage).toBe('Invalid authorization token provided.');
  });

  it('ContentStore through Commcell.request(): metadata, properties, listings, share in JSON and XML, 409, 404, 400, ShareFolder PUT and DELETE', async () => {
    const token = (await replay(base, login('bWVnYW4tcGFzcw=='))).json().token as string;
    const send = (captured: Captured) => replay(base, captured, token);

    // requests percent-encodes the backslashes of the path parameter.
    const metadata = await send(get('contentstore/action/metadata?path=%5CProjects%5CDesigns'));
    expect(metadata.status).toBe(200);
    expect(metadata.json().fileResource.GUID).toBe('7c4e538afe864e25ae415357aa6fa04e');
    const properties = await send(get('contentstore/file/62df0e9f1899425eb98173a8adb802c6'));
    expect(properties.json().fileResource).toMatchObject({ name: 'Projects', directory: 1 });
    const listed = await send(emptyPost('contentstore/folder/62df0e9f1899425eb98173a8adb802c6/action/list'));
    expect(listed.status).toBe(200);
    expect(listed.json().fileResources.map((each: { name: string }) => each.name)).toEqual([
      'Q3 Report.docx',
      'Budget 2026.xlsx',
      'Designs',
      'Archive',
    ]);
    const root = await send(emptyPost('contentstore/action/list?path=%5C'));
    expect(root.json().totalFolderCount).toBe(3);

    // A dict body: json=…, Content-type application/json.
    const byJson = await send(
      withBody(
        'POST',
        'contentstore/file/7c4e538afe864e25ae415357aa6fa04e/action/share',
        'application/json',
        '{"status": 0, "browseInfo": {"emailInfo": {"dontSendEmail": 1, "emailMessage": ""}}, "shareFolder": {"syncWebFolderName": "Designs for user1"}, "sharedTo": [{"permission": 1, "userType": 1, "user": {"userName": "user1"}}]}',
      ),
    );
    expect(byJson.status).toBe(200);
    expect(byJson.json().resp).toEqual({ errorCode: 0, errorMessage: '' });
    const shareId = byJson.json().shareInfo.shareFolder.syncWebFolderId as number;
    expect(shareId).toBe(37);

    // A string body that xmltodict parses: Content-type application/xml.
    const byXml = await send(
      withBody(
        'POST',
        'contentstore/file/3b9a1f04c2d84e6f9a7b5c1d2e3f4a51/action/share',
        'application/xml',
        '<App_ShareInfo sharedToOperationType="2" status="1"><browseInfo><emailInfo dontSendEmail="1" emailMessage=""/><password isSet="1" password="czNjcmV0"/></browseInfo><shareFolder syncWebFolderName="Q3 public"/></App_ShareInfo>',
      ),
    );
    expect(byXml.status).toBe(200);
    expect(byXml.json().shareInfo.shareFolder).toEqual({
      syncWebFolderName: 'Q3 public',
      syncWebFolderId: 38,
    });

    const conflict = await send(
      withBody(
        'POST',
        'contentstore/file/f0e1d2c3b4a5469788796a5b4c3d2e56/action/share',
        'application/json',
        '{"status": 0, "sharedTo": [{"permission": 1, "userType": 2, "email": "x@y.com"}]}',
      ),
    );
    expect(conflict.status).toBe(409);
    expect(conflict.json().shareInfo.shareFolder.syncWebFolderId).toBe(10);

    const unknown = await send(
      withBody(
        'POST',
        'contentstore/file/00000000000000000000000000000000/action/share',
        'application/json',
        '{"status": 1}',
      ),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.json().resp.errorCode).toBe(404);

    // A string xmltodict cannot parse goes out as text/plain.
    const malformed = await send(
      withBody(
        'POST',
        'contentstore/file/a4c8e21b97d54f03b6e1c9d8f7a6b502/action/share',
        'text/plain',
        '<App_ShareInfo status="1"',
      ),
    );
    expect(malformed.status).toBe(400);
    expect(malformed.json().resp.errorCode).toBe(400);
    const badRecipient = await send(
      withBody(
        'POST',
        'contentstore/file/a4c8e21b97d54f03b6e1c9d8f7a6b502/action/share',
        'application/xml',
        '<App_ShareInfo status="0"><sharedTo permission="1" userType="7"/></App_ShareInfo>',
      ),
    );
    expect(badRecipient.status).toBe(400);
    expect(badRecipient.json().resp.errorMessage).toContain('userType');

    // PUT always goes out as json=…, whatever the body.
    const updated = await send(
      withBody(
        'PUT',
        `ShareFolder/${shareId}`,
        'application/json',
        '{"sharedTo": [{"permission": 2, "userType": 3, "group": {"userGroupName": "Marketing"}}]}',
      ),
    );
    expect(updated.status).toBe(200);
    expect(updated.json()).toEqual({ errorCode: 0, errorString: '' });
    const mine = await send(get(`contentstore/share?shareId=${shareId}`));
    expect(mine.json().shareInfo[0].sharedTo).toEqual([
      { permission: 1, userType: 1, user: { userName: 'user1' } },
      { permission: 2, userType: 3, group: { userGroupName: 'Marketing' } },
    ]);
    const removed = await send(del(`ShareFolder/${shareId}`));
    expect(removed.status).toBe(200);
    expect(removed.json()).toEqual({ errorCode: 0, errorString: '' });
    expect((await send(del(`ShareFolder/${shareId}`))).status).toBe(404);

    expect((await send(emptyPost('Logout'))).text).toBe('User logged out');
  });
});
