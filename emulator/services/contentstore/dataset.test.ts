/** The contentstore dataset section: optional, and its problems name the field. */
import { describe, expect, it } from 'vitest';
import { type Dataset, DatasetError, DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { startEmulator } from '../../server';
import { base64 } from './test-support';

const demo = loadDataset(DEMO_DATASET_PATH);

function withSection(contentstore: unknown): unknown {
  return { ...demo, contentstore };
}

function problems(data: unknown): string {
  try {
    loadDataset(data);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('the dataset was accepted');
}

const GUID = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const minimal = {
  users: [{ userName: 'ann', password: 'a', groups: ['Team'] }],
  groups: [{ name: 'Team' }, { name: 'DOMAIN\\AD', external: true }],
  files: [{ guid: GUID, name: 'Folder', owner: 'ann', children: [] }],
};

describe('contentstore section', () => {
  it('is optional: a dataset without it still starts, and its routes then know no user', async () => {
    const { contentstore: _, ...rest } = demo;
    const emulator = await startEmulator({ data: rest as Dataset });
    try {
      const response = await fetch(`${emulator.url}/webconsole/api/Login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ username: 'megan', password: base64('megan-pass') }),
      });
      expect((await response.json()).errList[0].errLogMessage).toBe('Invalid Username or Password');
    } finally {
      await emulator.close();
    }
  });

  it('accepts a minimal section, GUIDs in either case', () => {
    const data = loadDataset(
      withSection({ ...minimal, files: [{ ...minimal.files[0], guid: GUID.toUpperCase() }] }),
    );
    expect(data.contentstore?.files[0]?.guid).toBe(GUID);
  });

  it('names each problem', () => {
    const message = problems(
      withSection({
        ...minimal,
        users: [...minimal.users, { userName: 'ANN', password: 'x', groups: ['Nope'] }],
        files: [
          { guid: 'not-a-guid', name: 'x', owner: 'ann' },
          { guid: GUID, name: 'a\\b', owner: 'zed', children: [] },
        ],
      }),
    );
    expect(message).toContain('contentstore.files[0].guid: must be 32 hexadecimal digits');
    expect(message).toContain('contentstore.files[1].name: must not contain');
  });

  it('checks cross-references', () => {
    const message = problems(
      withSection({
        ...minimal,
        users: [...minimal.users, { userName: 'ANN', password: 'x', groups: ['Nope'] }],
        files: [...minimal.files, { guid: GUID, name: 'folder', owner: 'zed' }],
        shares: [
          { id: 1, guid: GUID, name: 's', owner: 'ann', password: 'p', sharedTo: [{ permission: 1 }] },
          {
            id: 1,
            guid: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
            name: 's',
            owner: 'ann',
            sharedTo: [{ group: 'Gone', permission: 1 }],
          },
        ],
      }),
    );
    for (const line of [
      'contentstore.users[1].userName: duplicate userName "ANN"',
      'contentstore.users[1].groups[0]: no group named "Nope"',
      'contentstore.files[1].guid: duplicate guid',
      'contentstore.files[1].name: another item in this folder is named "folder"',
      'contentstore.files[1].owner: no user named "zed"',
      'contentstore.shares[0].password: only a public share has a password',
      'contentstore.shares[0].sharedTo[0]: needs exactly one of userName, email, group',
      'contentstore.shares[1].id: duplicate share id 1',
      'contentstore.shares[1].guid: no file with guid',
      'contentstore.shares[1].sharedTo[0].group: no group named "Gone"',
    ])
      expect(message).toContain(line);
  });
});

describe('a dataset written to the contract, every optional field used', () => {
  const FOLDER = '0123456789abcdef0123456789abcdef';
  const FILE = 'fedcba9876543210fedcba9876543210';
  const EMPTY = 'abcdefabcdefabcdefabcdefabcdef00';
  const SECRET = '11112222333344445555666677778888';
  const contract = {
    users: [
      { userName: 'ann', password: 'ann-pw', email: 'ann@example.com', groups: ['Team'] },
      { userName: 'bob', password: 'bob-pw' },
    ],
    groups: [{ name: 'Team' }, { name: 'CORP\\Admins', external: true }],
    files: [
      {
        guid: FOLDER,
        name: 'Plans',
        owner: 'ann',
        modified: '2026-02-03T04:05:06Z',
        children: [
          { guid: FILE, name: 'plan.txt', owner: 'ann', size: 1234 },
          { guid: EMPTY, name: 'Empty', owner: 'bob', children: [] },
        ],
      },
      { guid: SECRET, name: 'secret.txt', owner: 'bob', size: 10 },
    ],
    shares: [
      {
        id: 5,
        guid: FOLDER,
        name: 'Plans share',
        owner: 'ann',
        sharedTo: [
          { userName: 'bob', permission: 2 },
          { email: 'x@partner.example', permission: 1 },
          { group: 'Team', permission: 1 },
          { group: 'CORP\\Admins', permission: 1 },
        ],
      },
      { id: 41, guid: SECRET, name: 'Secret', owner: 'bob', public: true, password: 'let me in' },
    ],
    idleMinutes: 1,
  };

  it('serves it: logins, the tree, both shares, ids after 41 and a one-minute idle time', async () => {
    const emulator = await startEmulator({ data: loadDataset(withSection(contract)) });
    const api = `${emulator.url}/commandcenter/api`;
    try {
      const login = async (username: string, password: string) =>
        (
          await (
            await fetch(`${api}/Login`, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
              body: JSON.stringify({ username, password: base64(password) }),
            })
          ).json()
        ).token as string;
      const ann = await login('ann', 'ann-pw');
      const bob = await login('bob', 'bob-pw');
      expect(bob).toMatch(/^QSDK /);
      const get = async (path: string, token = ann) =>
        fetch(`${api}/${path}`, { headers: { Authtoken: token, Accept: 'application/json' } });

      const folder = (await (await get(`contentstore/file/${FOLDER}`)).json()).fileResource;
      expect(folder).toMatchObject({ name: 'Plans', directory: 1, sizeinBytes: 1234, owner: 'ann' });
      expect(folder.modifiedTime).toBe(Date.parse('2026-02-03T04:05:06Z') / 1000);
      const empty = (await (await get('contentstore/action/metadata?path=%5CPlans%5CEmpty')).json())
        .fileResource;
      expect(empty).toMatchObject({ GUID: EMPTY, directory: 1, sizeinBytes: 0, owner: 'bob' });

      const mine = (await (await get('contentstore/share?shareId=5')).json()).shareInfo[0];
      expect(mine.sharedTo).toEqual([
        { permission: 2, userType: 1, user: { userName: 'bob' } },
        { permission: 1, userType: 2, email: 'x@partner.example' },
        { permission: 1, userType: 3, group: { userGroupName: 'Team' } },
        { permission: 1, userType: 4, externalGroup: { externalGroupName: 'CORP\\Admins' } },
      ]);
      // bob is a recipient by name: he opens the share.
      expect((await get('contentstore/share/5/action/list?path=%5C', bob)).status).toBe(200);

      const publicShare = `${api}/contentstore/publicshare/41`;
      expect((await fetch(publicShare)).status).toBe(403);
      expect((await fetch(publicShare, { headers: { Password: base64('let me in') } })).status).toBe(200);

      const made = await fetch(`${api}/contentstore/file/${FILE}/action/share`, {
        method: 'POST',
        headers: { Authtoken: ann, 'Content-Type': 'application/xml', Accept: 'application/json' },
        body: '<App_ShareInfo status="1"/>',
      });
      expect((await made.json()).shareInfo.shareFolder.syncWebFolderId).toBe(42);
      const conflict = await fetch(`${api}/contentstore/file/${SECRET}/action/share`, {
        method: 'POST',
        headers: { Authtoken: ann, 'Content-Type': 'application/xml', Accept: 'application/json' },
        body: '<App_ShareInfo status="1"/>',
      });
      expect(conflict.status).toBe(409);
      expect((await conflict.json()).shareInfo.shareFolder.syncWebFolderId).toBe(41);

      await fetch(`${emulator.url}/_emulator/contentstore/clock`, {
        method: 'POST',
        body: JSON.stringify({ advanceMs: 61_000 }),
      });
      expect((await get(`contentstore/file/${FOLDER}`)).status).toBe(401);
    } finally {
      await emulator.close();
    }
  });
});
