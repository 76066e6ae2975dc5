/**
 * Sharing against reference/contentstore-ews.md §1.3, §1.4, §3.1 and seed 003 (share a file or folder by
 * GUID): create in XML and JSON, 404/409/400, ShareFolder PUT and DELETE, public shares with and without a
 * password, the control route that lists links, and reset.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { base64, elements, loginAs, useContentStore, xmlRoot } from './test-support';

const demo = useContentStore();
let token: string;
beforeEach(async () => {
  token = await loginAs(demo.api);
});

const PROJECTS = '62df0e9f1899425eb98173a8adb802c6';
const Q3_REPORT = '3b9a1f04c2d84e6f9a7b5c1d2e3f4a51';
const FINANCE = 'f0e1d2c3b4a5469788796a5b4c3d2e56';

/** Seed 003's private-share sample request, as it is. */
const SEED_PRIVATE_SHARE = `<App_ShareInfo sharedToOperationType="2" status="0">
<browseInfo>
<emailInfo dontSendEmail="1" emailMessage=""/>
</browseInfo>
<shareFolder syncWebFolderName="fromlaptop"/>
<sharedTo permission="1" userType="1">
<user userName="user1"/>
</sharedTo>
</App_ShareInfo>`;

/** Seed 003's public-link sample request, as it is: `<paths path="\\folder1"` is not closed, so not well-formed. */
const SEED_PUBLIC_LINK = `<App_ShareInfo sharedToOperationType="2" status="1"> <browseInfo> <paths path="\\folder1" <emailInfo dontSendEmail="1" emailMessage=""/> <password isSet="1" password="bXlwYXNzd29yZA=="/> </browseInfo> <shareFolder syncWebFolderName="fromlaptop"/>
</App_ShareInfo>`;

function share(guid: string, body: string, form: 'xml' | 'json' = 'xml', accept = form) {
  return fetch(`${demo.api}/contentstore/file/${guid}/action/share`, {
    method: 'POST',
    headers: {
      Authtoken: token,
      'Content-type': `application/${form}`,
      Accept: `application/${accept}`,
    },
    body,
  });
}

async function links() {
  return (await (await fetch(`${demo.url}/_emulator/contentstore/links`)).json()) as {
    shares: {
      id: number;
      guid: string;
      name: string;
      public: boolean;
      passwordProtected: boolean;
      url?: string;
      recipients: unknown[];
    }[];
    files: { guid: string; url: string; driveUrl: string; shareId?: number }[];
  };
}

describe('create a share', () => {
  it("seed 003's sample request creates a share with a new id larger than the dataset's", async () => {
    const response = await share(PROJECTS, SEED_PRIVATE_SHARE);
    expect(response.status).toBe(200);
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('App_SharedFoldersResp');
    const [paths] = elements(root, 'paths');
    expect(paths!.getAttribute('path')).toBe(PROJECTS);
    expect(paths!.getAttribute('directory')).toBe('1');
    expect(elements(root, 'emailInfo')[0]!.getAttribute('dontSendEmail')).toBe('1');
    const [folder] = elements(root, 'shareFolder');
    expect(folder!.getAttribute('syncWebFolderName')).toBe('fromlaptop');
    expect(folder!.getAttribute('syncWebFolderId')).toBe('37');
    expect(elements(root, 'resp')[0]!.getAttribute('errorCode')).toBe('0');
    const created = (await links()).shares.find((entry) => entry.id === 37);
    expect(created).toMatchObject({
      guid: PROJECTS,
      public: false,
      recipients: [{ userType: 1, permission: 1, name: 'user1' }],
    });
  });

  it('takes the JSON mirror and answers JSON (a public link with a password, then an e-mail share)', async () => {
    const response = await share(
      Q3_REPORT,
      JSON.stringify({
        status: 1,
        browseInfo: { password: { isSet: 1, password: base64('s3cret & <more>') } },
        shareFolder: { syncWebFolderName: 'Q3 for partners' },
      }),
      'json',
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.shareInfo.browseInfo.paths).toEqual([{ file: 1, path: Q3_REPORT }]);
    expect(body.shareInfo.shareFolder).toEqual({ syncWebFolderName: 'Q3 for partners', syncWebFolderId: 37 });
    expect(body.resp).toEqual({ errorCode: 0, errorMessage: '' });

    const opened = await fetch(`${demo.api}/contentstore/publicshare/37`, {
      headers: { Accept: 'application/json', Password: base64('s3cret & <more>') },
    });
    expect((await opened.json()).fileResource.GUID).toBe(Q3_REPORT);

    const second = await share(
      '1a2b3c4d5e6f47a8b9c0d1e2f3a4b557',
      JSON.stringify({ sharedTo: [{ userType: 2, permission: 1, email: 'alex@fabrikam.com' }] }),
      'json',
      'xml',
    );
    const root = xmlRoot(await second.text());
    expect(elements(root, 'shareFolder')[0]!.getAttribute('syncWebFolderName')).toBe('Invoice 1042.pdf');
    expect(elements(root, 'shareFolder')[0]!.getAttribute('syncWebFolderId')).toBe('38');
  });

  it('shares by path with browseInfo/paths/@path (POST contentstore/action/share)', async () => {
    const response = await fetch(`${demo.api}/drive/action/share`, {
      method: 'POST',
      headers: { Authtoken: token, 'Content-Type': 'application/xml' },
      body: '<App_ShareInfo status="1"><browseInfo><paths path="\\Projects\\Designs"/></browseInfo></App_ShareInfo>',
    });
    expect(response.status).toBe(200);
    const root = xmlRoot(await response.text());
    expect(elements(root, 'paths')[0]!.getAttribute('path')).toBe('7c4e538afe864e25ae415357aa6fa04e');
  });

  it('an unknown GUID is 404', async () => {
    const response = await share('0123456789abcdef0123456789abcdef', SEED_PRIVATE_SHARE);
    expect(response.status).toBe(404);
    expect(elements(xmlRoot(await response.text()), 'resp')[0]!.getAttribute('errorCode')).toBe('404');
  });

  it('an item already shared is 409 with the existing syncWebFolderId, in XML and JSON', async () => {
    const xml = await share(FINANCE, SEED_PRIVATE_SHARE);
    expect(xml.status).toBe(409);
    const root = xmlRoot(await xml.text());
    expect(elements(root, 'shareFolder')[0]!.getAttribute('syncWebFolderId')).toBe('10');
    expect(elements(root, 'resp')[0]!.getAttribute('errorCode')).toBe('409');

    const json = await share(FINANCE, JSON.stringify({ status: 1 }), 'json');
    expect(json.status).toBe(409);
    expect((await json.json()).shareInfo.shareFolder).toEqual({
      syncWebFolderName: 'Finance share',
      syncWebFolderId: 10,
    });

    // A share made here conflicts the same way.
    await share(PROJECTS, SEED_PRIVATE_SHARE);
    const again = await share(PROJECTS, SEED_PRIVATE_SHARE, 'xml', 'json');
    expect((await again.json()).shareInfo.shareFolder.syncWebFolderId).toBe(37);
  });

  it("malformed XML (seed 003's public-link sample) is 400 and creates nothing", async () => {
    const response = await share(PROJECTS, SEED_PUBLIC_LINK);
    expect(response.status).toBe(400);
    const resp = elements(xmlRoot(await response.text()), 'resp')[0]!;
    expect(resp.getAttribute('errorCode')).toBe('400');
    expect(resp.getAttribute('errorMessage')).toContain('not well-formed XML');
    expect((await links()).shares.map((entry) => entry.id)).toEqual([10, 12, 36]);
  });

  it.each([
    [
      'an unknown userType',
      '<sharedTo permission="1" userType="9"><user userName="user1"/></sharedTo>',
      'userType',
    ],
    ['a user without userName', '<sharedTo permission="1" userType="1"><user/></sharedTo>', 'userName'],
    [
      'an unknown user',
      '<sharedTo permission="1" userType="1"><user userName="nobody"/></sharedTo>',
      'nobody',
    ],
    ['a bad e-mail', '<sharedTo permission="1" userType="2" email="not-an-address"/>', 'email'],
    [
      'an AD group as a user group',
      '<sharedTo permission="2" userType="3"><group userGroupName="CONTOSO\\Sales"/></sharedTo>',
      'CONTOSO',
    ],
    [
      'a missing permission',
      '<sharedTo userType="3"><group userGroupName="Marketing"/></sharedTo>',
      'permission',
    ],
  ])('a sharedTo with %s is 400', async (_, sharedTo, mentioned) => {
    const response = await share(PROJECTS, `<App_ShareInfo status="0">${sharedTo}</App_ShareInfo>`);
    expect(response.status).toBe(400);
    expect(elements(xmlRoot(await response.text()), 'resp')[0]!.getAttribute('errorMessage')).toContain(
      mentioned,
    );
  });

  it.each([
    ['a string', { status: 1, sharedTo: 'user1' }, 'sharedTo must be'],
    ['a list with a number', { status: 1, sharedTo: [5] }, 'sharedTo must be'],
    [
      'a list with one good entry and a string',
      { status: 0, sharedTo: [{ userType: 1, permission: 1, user: { userName: 'user1' } }, 'junk'] },
      'sharedTo must be',
    ],
    ['null', { status: 1, sharedTo: null }, 'sharedTo must be'],
    ['userType 5', { status: 0, sharedTo: [{ userType: 5, permission: 1, email: 'a@b.co' }] }, 'userType'],
    [
      'a user as a string',
      { status: 0, sharedTo: [{ userType: 1, permission: 1, user: 'user1' }] },
      'userName',
    ],
    ['no e-mail', { status: 0, sharedTo: { userType: 2, permission: 1 } }, 'email'],
    [
      'an unknown group',
      { status: 0, sharedTo: [{ userType: 3, permission: 2, group: { userGroupName: 'Nobody' } }] },
      'Nobody',
    ],
    [
      'a user group as external',
      {
        status: 0,
        sharedTo: [{ userType: 4, permission: 1, externalGroup: { externalGroupName: 'Marketing' } }],
      },
      'Marketing',
    ],
  ])('JSON: a sharedTo that is %s is 400 in JSON, and creates nothing', async (_, body, mentioned) => {
    const response = await share(Q3_REPORT, JSON.stringify(body), 'json');
    expect(response.status).toBe(400);
    const answer = await response.json();
    expect(answer.resp.errorCode).toBe(400);
    expect(answer.resp.errorMessage).toContain(mentioned);
    expect((await links()).shares.map((entry) => entry.id)).toEqual([10, 12, 36]);
  });

  it('JSON that does not parse, or is not an object, is 400', async () => {
    for (const body of ['{"status":1,', '[1]', '"App_ShareInfo"']) {
      const response = await share(Q3_REPORT, body, 'json');
      expect(response.status, body).toBe(400);
      expect((await response.json()).resp.errorCode).toBe(400);
    }
  });

  it('a private share without recipients is 400; groups and external groups are accepted', async () => {
    expect((await share(PROJECTS, '<App_ShareInfo status="0"/>')).status).toBe(400);
    const response = await share(
      PROJECTS,
      '<App_ShareInfo status="0"><sharedTo permission="2" userType="3"><group userGroupName="marketing"/></sharedTo>' +
        '<sharedTo permission="1" userType="4"><externalGroup externalGroupName="CONTOSO\\Sales"/></sharedTo></App_ShareInfo>',
    );
    expect(response.status).toBe(200);
    expect((await links()).shares.find((entry) => entry.id === 37)?.recipients).toEqual([
      { userType: 3, permission: 2, name: 'Marketing' },
      { userType: 4, permission: 1, name: 'CONTOSO\\Sales' },
    ]);
  });
});

describe('list my shares', () => {
  it("GET contentstore/share lists the caller's shares with their recipients in the request's form", async () => {
    await share(PROJECTS, SEED_PRIVATE_SHARE);
    const response = await fetch(`${demo.api}/contentstore/share`, { headers: { Authtoken: token } });
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('App_GetSharedFoldersResp');
    expect(root.getAttribute('dirDelim')).toBe('\\');
    const infos = elements(root, 'shareInfo');
    expect(infos.map((info) => elements(info, 'shareFolder')[0]!.getAttribute('syncWebFolderId'))).toEqual([
      '10',
      '36',
      '37',
    ]);
    const finance = infos[0]!;
    expect(finance.getAttribute('status')).toBe('0');
    expect(elements(finance, 'paths')[0]!.getAttribute('path')).toBe(FINANCE);
    expect(elements(finance, 'group')[0]!.getAttribute('userGroupName')).toBe('Finance Team');
    expect(elements(finance, 'sharedTo')[1]!.getAttribute('email')).toBe('alex@fabrikam.com');
    expect(infos[1]!.getAttribute('passwordProtected')).toBe('1');
  });

  it("?shareId= picks one (JSON: shareInfo and sharedTo are arrays); another user's share is 404", async () => {
    const response = await fetch(`${demo.api}/drive/share?shareId=10`, {
      headers: { Authtoken: token, Accept: 'application/json' },
    });
    const body = await response.json();
    expect(body.shareInfo).toHaveLength(1);
    expect(body.shareInfo[0].sharedTo).toEqual([
      { permission: 1, userType: 3, group: { userGroupName: 'Finance Team' } },
      { permission: 1, userType: 2, email: 'alex@fabrikam.com' },
    ]);
    const adeles = await fetch(`${demo.api}/contentstore/share?shareId=12`, {
      headers: { Authtoken: token },
    });
    expect(adeles.status).toBe(404);
  });
});

describe('ShareFolder', () => {
  async function update(id: number, body: string, as = token) {
    return fetch(`${demo.api}/ShareFolder/${id}`, {
      method: 'PUT',
      headers: { Authtoken: as, 'Content-Type': 'application/xml' },
      body,
    });
  }

  it('PUT adds, changes and removes recipients and renames; the recipient gains and loses access', async () => {
    const user1 = await loginAs(demo.api, 'user1');
    const inside = () =>
      fetch(`${demo.api}/contentstore/share/10/action/list?path=%5C`, { headers: { Authtoken: user1 } });
    expect((await inside()).status).toBe(404);

    const added = await update(
      10,
      '<App_ShareInfo sharedToOperationType="2"><shareFolder syncWebFolderName="Finance (Q3)"/>' +
        '<sharedTo permission="2" userType="1"><user userName="user1"/></sharedTo>' +
        '<sharedTo permission="2" userType="2" email="alex@fabrikam.com"/>' +
        '<sharedTo sharedToOperationType="3" permission="1" userType="3"><group userGroupName="Finance Team"/></sharedTo></App_ShareInfo>',
    );
    expect(added.status).toBe(200);
    const root = xmlRoot(await added.text());
    expect(root.localName).toBe('App_GenericResp');
    expect(root.getAttribute('errorCode')).toBe('0');
    const updated = (await links()).shares.find((entry) => entry.id === 10);
    expect(updated?.name).toBe('Finance (Q3)');
    expect(updated?.recipients).toEqual([
      { userType: 1, permission: 2, name: 'user1' },
      { userType: 2, permission: 2, name: 'alex@fabrikam.com' },
    ]);
    const listing = xmlRoot(await (await inside()).text());
    expect(elements(listing, 'fileResources').map((element) => element.getAttribute('name'))).toEqual([
      'Invoice 1042.pdf',
    ]);

    await update(
      10,
      '<App_ShareInfo sharedToOperationType="3"><sharedTo permission="2" userType="1"><user userName="user1"/></sharedTo></App_ShareInfo>',
    );
    expect((await inside()).status).toBe(404);
  });

  it('PUT can make a share public with a password; bad bodies are 400, others than the owner 403, unknown ids 404', async () => {
    await update(
      10,
      `<App_ShareInfo status="1"><browseInfo><password isSet="1" password="${base64('pw')}"/></browseInfo></App_ShareInfo>`,
    );
    const opened = await fetch(
      `${demo.api}/contentstore/publicshare/10?password=${encodeURIComponent(base64('pw'))}`,
    );
    expect(opened.status).toBe(200);
    expect((await update(10, '<App_ShareInfo><sharedTo')).status).toBe(400);
    expect(
      (
        await update(
          10,
          '<App_ShareInfo sharedToOperationType="7"><sharedTo permission="1" userType="2" email="a@b.co"/></App_ShareInfo>',
        )
      ).status,
    ).toBe(400);
    expect((await update(10, '<App_ShareInfo/>', await loginAs(demo.api, 'adele'))).status).toBe(403);
    expect((await update(999, '<App_ShareInfo/>')).status).toBe(404);
  });

  it('PUT takes the JSON mirror too (cvpysdk sends PUT bodies as JSON), and refuses a malformed sharedTo', async () => {
    const put = (body: unknown) =>
      fetch(`${demo.api}/ShareFolder/10`, {
        method: 'PUT',
        headers: { Authtoken: token, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      });
    const response = await put({
      sharedToOperationType: 1,
      shareFolder: { syncWebFolderName: 'Finance only' },
      sharedTo: [{ permission: 2, userType: 3, group: { userGroupName: 'Finance Team' } }],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ errorCode: 0, errorString: '' });
    const updated = (await links()).shares.find((entry) => entry.id === 10);
    expect(updated?.name).toBe('Finance only');
    expect(updated?.recipients).toEqual([{ userType: 3, permission: 2, name: 'Finance Team' }]);

    for (const sharedTo of ['megan', [7], null]) {
      const refused = await put({ sharedTo });
      expect(refused.status, JSON.stringify(sharedTo)).toBe(400);
      expect((await refused.json()).errorString).toContain('sharedTo must be');
    }
    expect((await links()).shares.find((entry) => entry.id === 10)?.recipients).toEqual(updated?.recipients);
  });

  it('PUT with sharedToOperationType="1" on the root overwrites: with no sharedTo the share is left with none', async () => {
    const response = await update(
      10,
      `<App_ShareInfo sharedToOperationType="1" status="1"><browseInfo><password isSet="1" password="${base64('pw')}"/></browseInfo></App_ShareInfo>`,
    );
    expect(response.status).toBe(200);
    expect((await links()).shares.find((entry) => entry.id === 10)).toMatchObject({
      public: true,
      passwordProtected: true,
      recipients: [],
    });
    // Without an operation on the root (2, add), recipients stay.
    await update(
      10,
      '<App_ShareInfo><sharedTo permission="1" userType="1"><user userName="user1"/></sharedTo></App_ShareInfo>',
    );
    await update(10, '<App_ShareInfo status="0"/>');
    expect((await links()).shares.find((entry) => entry.id === 10)).toMatchObject({
      public: false,
      passwordProtected: false,
      recipients: [{ userType: 1, permission: 1, name: 'user1' }],
    });
    expect((await update(10, '<App_ShareInfo sharedToOperationType="4"/>')).status).toBe(400);
  });

  it('DELETE removes the share (App_GenericResp errorCode 0); then it is 404 and the item can be shared again', async () => {
    const remove = (as = token) =>
      fetch(`${demo.api}/ShareFolder/36`, {
        method: 'DELETE',
        headers: { Authtoken: as, Accept: 'application/json' },
      });
    expect((await remove(await loginAs(demo.api, 'adele'))).status).toBe(403);
    const response = await remove();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ errorCode: 0, errorString: '' });
    expect((await remove()).status).toBe(404);
    expect((await fetch(`${demo.api}/contentstore/publicshare/36`)).status).toBe(404);
    expect((await share('9f8e7d6c5b4a43928170f6e5d4c3b258', '<App_ShareInfo status="1"/>')).status).toBe(200);
  });
});

describe('public shares (no Authtoken)', () => {
  it('a public share without a password opens from any origin: properties, listing, metadata, download', async () => {
    const properties = await fetch(`${demo.url}/commandcenter/api/drive/publicshare/12`, {
      headers: { Accept: 'application/json', Origin: 'chrome-extension://abcdefghijklmnop' },
    });
    expect(properties.status).toBe(200);
    expect(properties.headers.get('access-control-allow-origin')).toBe('*');
    expect((await properties.json()).fileResource).toMatchObject({
      name: 'Travel Photos',
      path: '\\',
      directory: 1,
    });
    const list = await (
      await fetch(`${demo.api}/contentstore/publicshare/12/action/list?path=%5C`, {
        headers: { Accept: 'application/json' },
      })
    ).json();
    expect(list.fileResources.map((entry: { name: string }) => entry.name)).toEqual([
      'Beach.jpg',
      'Mountains.jpg',
    ]);
    const metadata = await (
      await fetch(`${demo.api}/contentstore/publicshare/12/action/metadata?path=%5CBeach.jpg`, {
        headers: { Accept: 'application/json' },
      })
    ).json();
    expect(metadata.fileResource.GUID).toBe('d4e5f6a7b8c94d0e1f2a3b4c5d6e7f61');
    const download = await fetch(
      `${demo.api}/contentstore/publicshare/12/file/e5f6a7b8c9d04e1f2a3b4c5d6e7f8a62/action/download`,
    );
    expect((await download.arrayBuffer()).byteLength).toBe(198400);
  });

  it('items outside the shared folder are not reachable through it', async () => {
    const response = await fetch(`${demo.api}/contentstore/publicshare/12/file/${PROJECTS}`);
    expect(response.status).toBe(404);
  });

  it('a password-protected share needs the base64 password in the Password header or the password parameter', async () => {
    const bare = await fetch(`${demo.api}/contentstore/publicshare/36`);
    expect(bare.status).toBe(403);
    expect(xmlRoot(await bare.text()).getAttribute('errorString')).toBe(
      'This share is protected by a password.',
    );
    const wrong = await fetch(`${demo.api}/contentstore/publicshare/36`, {
      headers: { Password: base64('nope') },
    });
    expect(xmlRoot(await wrong.text()).getAttribute('errorString')).toBe('The password is incorrect.');
    const header = await fetch(`${demo.api}/contentstore/publicshare/36`, {
      headers: { Password: base64('roadmap-2026') },
    });
    expect(elements(xmlRoot(await header.text()), 'fileResource')[0]!.getAttribute('name')).toBe(
      'Roadmap 2026.pptx',
    );
    const query = await fetch(
      `${demo.api}/contentstore/publicshare/36?password=${encodeURIComponent(base64('roadmap-2026'))}`,
    );
    expect(query.status).toBe(200);
  });

  it('a base64 password with "+" opens the share in the header, escaped in the query, or left unescaped there', async () => {
    expect(base64('>>>')).toBe('Pj4+');
    const made = await share(
      Q3_REPORT,
      JSON.stringify({ status: 1, browseInfo: { password: { isSet: 1, password: base64('>>>') } } }),
      'json',
    );
    const id = (await made.json()).shareInfo.shareFolder.syncWebFolderId;
    const open = (suffix: string, headers: Record<string, string> = {}) =>
      fetch(`${demo.api}/contentstore/publicshare/${id}${suffix}`, { headers });
    expect((await open('', { Password: 'Pj4+' })).status).toBe(200);
    expect((await open('?password=Pj4%2B')).status).toBe(200);
    expect((await open('?password=Pj4+')).status).toBe(200);
    expect((await open('?password=Pj4-')).status).toBe(403);
  });

  it('a private share or an unknown id is 404 there', async () => {
    expect((await fetch(`${demo.api}/contentstore/publicshare/10`)).status).toBe(404);
    expect((await fetch(`${demo.api}/contentstore/publicshare/4242`)).status).toBe(404);
  });

  it('the console page of a public share answers HTML with the escaped name', async () => {
    const page = await fetch(`${demo.url}/webconsole/publicshare/12`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Travel Photos (shared by adele)');
    expect((await fetch(`${demo.url}/commandcenter/publicshare/10`)).status).toBe(404);
  });
});

describe('control routes and reset', () => {
  it('GET /_emulator/contentstore/links lists share URLs and file URLs', async () => {
    const { shares, files } = await links();
    expect(shares.find((entry) => entry.id === 36)).toMatchObject({
      public: true,
      passwordProtected: true,
      url: `${demo.url}/webconsole/publicshare/36`,
    });
    expect(shares.find((entry) => entry.id === 10)?.url).toBeUndefined();
    expect(files.find((entry) => entry.guid === FINANCE)).toMatchObject({
      url: `${demo.url}/webconsole/api/contentstore/file/${FINANCE}`,
      driveUrl: `${demo.url}/webconsole/api/drive/file/${FINANCE}`,
      shareId: 10,
    });
  });

  it('reset forgets created shares, brings deleted ones back and restarts ids after the dataset', async () => {
    await share(PROJECTS, SEED_PRIVATE_SHARE);
    await fetch(`${demo.api}/ShareFolder/12`, {
      method: 'DELETE',
      headers: { Authtoken: await loginAs(demo.api, 'adele') },
    });
    await fetch(`${demo.url}/_emulator/reset`, { method: 'POST' });
    expect((await links()).shares.map((entry) => entry.id)).toEqual([10, 12, 36]);
    // Tokens survive a reset without signOut.
    const again = await share(PROJECTS, SEED_PRIVATE_SHARE);
    expect(elements(xmlRoot(await again.text()), 'shareFolder')[0]!.getAttribute('syncWebFolderId')).toBe(
      '37',
    );
  });
});
