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
