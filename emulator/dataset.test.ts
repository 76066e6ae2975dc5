/** Dataset validation (errors name the field) and the shape of the demo dataset. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Dataset, DatasetError, DEMO_DATASET_PATH, loadDataset } from './dataset';
import { startEmulator } from './server';

function valid(): Dataset {
  return {
    users: [
      { id: 'ann', displayName: 'Ann', email: 'ann@contoso.com', password: 'a', kind: 'work' },
      { id: 'bob', displayName: 'Bob', email: 'bob@outlook.com', password: 'b', kind: 'personal' },
    ],
    signedIn: 'ann',
    drives: [
      {
        id: 'drive-1',
        kind: 'business',
        owner: 'ann',
        items: [
          { id: 'doc', name: 'Doc.docx', size: 10, createdBy: 'ann' },
          { id: 'folder', name: 'Folder', children: [{ id: 'inner', name: 'Inner.txt', size: 3 }] },
        ],
      },
    ],
    links: [
      {
        url: 'https://contoso.sharepoint.com/:w:/s/A/Eone?e=1',
        item: 'doc',
        type: 'view',
        scope: 'organization',
      },
      {
        url: 'https://contoso.sharepoint.com/:f:/s/A/Etwo',
        item: 'folder',
        type: 'edit',
        scope: 'users',
        users: ['bob'],
      },
    ],
  } as Dataset;
}

function errorOf(mutate: (dataset: Dataset) => void): string {
  const dataset = valid();
  mutate(dataset);
  try {
    loadDataset(dataset);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('the dataset was accepted');
}

describe('loadDataset', () => {
  it('accepts a valid dataset, keeping optional extra fields', () => {
    const dataset = valid();
    (dataset.links[0] as Record<string, unknown>).note = 'extra';
    expect(loadDataset(dataset).links[0]).toMatchObject({ note: 'extra' });
  });

  it('names a link to an item that does not exist', () => {
    expect(
      errorOf((d) => {
        d.links.push({
          url: 'https://x.sharepoint.com/:w:/s/A/E3',
          item: 'x',
          type: 'view',
          scope: 'anonymous',
        });
      }),
    ).toContain('links[2].item: no item with id "x"');
  });

  it('names unknown users: drive owner, signedIn, link users, createdBy inside folders', () => {
    expect(errorOf((d) => (d.drives[0]!.owner = 'zed'))).toContain('drives[0].owner: no user with id "zed"');
    expect(errorOf((d) => (d.signedIn = 'zed'))).toContain('signedIn: no user with id "zed"');
    expect(errorOf((d) => (d.links[1]!.users = ['bob', 'zed']))).toContain(
      'links[1].users[1]: no user with id "zed"',
    );
    expect(errorOf((d) => (d.drives[0]!.items[1]!.children![0]!.modifiedBy = 'zed'))).toContain(
      'drives[0].items[1].children[0].modifiedBy: no user with id "zed"',
    );
  });

  it('requires item ids to be unique across drives', () => {
    const message = errorOf((d) => {
      d.drives.push({
        id: 'drive-2',
        kind: 'personal',
        owner: 'bob',
        items: [{ id: 'inner', name: 'Copy.txt' }],
      });
    });
    expect(message).toContain('drives[1].items[0].id: duplicate item id "inner"');
  });

  it('names structural problems with their zod path', () => {
    expect(errorOf((d) => ((d.users[1] as { kind: string }).kind = 'guest'))).toContain('users[1].kind');
    expect(errorOf((d) => ((d.drives[0]!.items[0] as { size: unknown }).size = -1))).toContain(
      'drives[0].items[0].size',
    );
    expect(errorOf((d) => ((d.links[0] as { type: string }).type = 'embed'))).toContain('links[0].type');
    expect(errorOf((d) => (d.drives[0]!.items[0]!.modified = 'yesterday'))).toContain(
      'drives[0].items[0].modified',
    );
  });

  it('requires link URLs in the ASCII form a browser’s a.href yields, and unique URLs and labels', () => {
    expect(errorOf((d) => (d.links[0]!.url = 'https://contoso.sharepoint.com/Отчёт.docx'))).toContain(
      'links[0].url',
    );
    expect(errorOf((d) => (d.links[1]!.url = d.links[0]!.url))).toContain(
      'links[1].url: same URL as links[0]',
    );
    expect(
      errorOf((d) => {
        d.links[0]!.label = 'same';
        d.links[1]!.label = 'same';
      }),
    ).toContain('links[1].label: same label as links[0]');
  });

  it('reads files and reports unreadable or invalid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-dataset-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(valid()));
    expect(loadDataset(good).users).toHaveLength(2);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"users": [');
    expect(() => loadDataset(broken)).toThrow(/broken\.json: not valid JSON/);
    expect(() => loadDataset(join(dir, 'missing.json'))).toThrow(/cannot read/);
  });

  it('makes startEmulator fail with the same error', async () => {
    const dataset = valid();
    dataset.links[0]!.item = 'gone';
    await expect(startEmulator({ data: dataset })).rejects.toThrow('links[0].item: no item with id "gone"');
  });
});

describe('demo dataset', () => {
  const demo = loadDataset(DEMO_DATASET_PATH);
  const label = (name: string) => demo.links.find((link) => link.label === name);
  const itemOf = (name: string) => {
    const walk = (items: Dataset['drives'][number]['items']): (typeof items)[number] | undefined =>
      items
        .map((item) => (item.id === label(name)?.item ? item : item.children && walk(item.children)))
        .find(Boolean);
    return demo.drives.map((drive) => walk(drive.items)).find(Boolean);
  };

  it('has the four demo users with Megan signed in', () => {
    expect(demo.users.map((user) => `${user.displayName} <${user.email}> ${user.kind}`)).toEqual([
      'Megan Bowen <megan@contoso.com> work',
      'Adele Vance <adele@contoso.com> work',
      'Alex Wilber <alex@fabrikam.com> work',
      'Dan Jump <dan.jump@outlook.com> personal',
    ]);
    expect(demo.signedIn).toBe('megan');
  });

  it('has every labelled link the tests and the demo page use', () => {
    const labels = [
      'file',
      'odb-file',
      'folder',
      'big-folder',
      'personal',
      'legacy-personal',
      'gov',
      'unicode',
      'no-access',
      'revoked',
      'must-redeem',
      ...Array.from({ length: 60 }, (_, index) => `bulk-${index + 1}`),
    ];
    for (const name of labels) expect(label(name), name).toBeDefined();
    expect(label('file')?.url).toMatch(/^https:\/\/contoso\.sharepoint\.com\/:x:\/s\/Finance\/\w+\?e=\w+$/);
    expect(label('odb-file')?.url).toMatch(
      /^https:\/\/contoso-my\.sharepoint\.com\/:w:\/g\/personal\/adele_contoso_com\//,
    );
    expect(label('folder')?.url).toMatch(/\/:f:\/s\/Marketing\//);
    expect(label('personal')?.url).toMatch(/^https:\/\/1drv\.ms\/w\/c\/[0-9a-f]{16}\/\w+\?e=\w+$/);
    expect(label('legacy-personal')?.url).toMatch(/^https:\/\/1drv\.ms\/x\/s!/);
    expect(label('gov')?.url).toMatch(/^https:\/\/contoso\.sharepoint\.us\/:b:\/s\/Gov\//);
    expect(label('unicode')?.url).toMatch(/%[0-9A-F]{2}/);
    expect(label('no-access')).toMatchObject({ scope: 'users', users: ['alex'] });
    expect(label('revoked')?.revoked).toBe(true);
    expect(label('must-redeem')).toMatchObject({ mustRedeem: true, scope: 'users' });
    expect(label('must-redeem')?.users).toContain('megan');
    expect(label('personal')?.scope).toBe('anonymous');
  });

  it('has a mixed ~12-item folder, a 250-item folder and one file item per bulk link', () => {
    const folder = itemOf('folder')!;
    expect(folder.children!.length).toBeGreaterThanOrEqual(12);
    const extensions = new Set(
      folder.children!.map((child) => (child.children ? 'folder' : child.name.split('.').pop())),
    );
    expect(extensions.size).toBeGreaterThanOrEqual(8);
    expect(itemOf('big-folder')!.children).toHaveLength(250);
    const bulkItems = new Set(
      demo.links.filter((link) => link.label?.startsWith('bulk-')).map((link) => link.item),
    );
    expect(bulkItems.size).toBe(60);
    expect(itemOf('file')?.thumbnail).toBe(true);
  });
});
