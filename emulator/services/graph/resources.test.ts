/**
 * The share's resources beyond the driveItem, and OData as Graph speaks it: `$select` checked against each type,
 * the sharedDriveItem with its own id and `$expand=driveItem`, SharePoint's list, listItem and site, single
 * thumbnails and custom sizes, `OData-Version` and `@odata.context` (learn.microsoft.com/graph/api/shares-get,
 * graph/query-parameters; OneDrive docs driveitem_list_thumbnails).
 */
import { describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { startEmulator } from '../../server';
import { useSignedInEmulator } from '../../test-hooks';
import { DEMO_PASSWORDS, demoLinkUrl, encodeSharingUrl, signIn } from '../../testing';

const demo = useSignedInEmulator();

function get(label: string, path: string, accessToken = demo.accessToken) {
  return fetch(`${demo.base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}${path}`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
}

async function expectBadSelect(response: Response, property: string, type: string) {
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe('BadRequest');
  expect(error.message).toBe(
    `Parsing OData Select and Expand failed: Could not find a property named '${property}' on type 'microsoft.graph.${type}'.`,
  );
}

describe('$select', () => {
  it('answers 400 for a property the type does not have, wherever it is selected', async () => {
    await expectBadSelect(await get('file', '/driveItem?$select=id,title'), 'title', 'driveItem');
    await expectBadSelect(await get('folder', '/driveItem/children?$select=nam'), 'nam', 'driveItem');
    await expectBadSelect(
      await get('folder', '/driveItem?$expand=children($select=id,sizeInBytes)'),
      'sizeInBytes',
      'driveItem',
    );
    await expectBadSelect(await get('file', '?$select=id,driveItemId'), 'driveItemId', 'sharedDriveItem');
    await expectBadSelect(await get('file', '/permission?$select=role'), 'role', 'permission');
    await expectBadSelect(await get('file', '/driveItem/thumbnails?$select=huge'), 'huge', 'thumbnailSet');
  });

  it('takes real properties in any case, relationships, and @microsoft.graph.downloadUrl', async () => {
    const response = await get('file', '/driveItem?$select=ID,Name,children,@microsoft.graph.downloadUrl');
    expect(response.status).toBe(200);
    const item = await response.json();
    expect(
      Object.keys(item)
        .filter((key) => !key.startsWith('@odata'))
        .sort(),
    ).toEqual(['@microsoft.graph.downloadUrl', 'id', 'name']);
  });
});

describe('OData-Version and @odata.context', () => {
  it('names what each answer holds, under $metadata, with the selected properties', async () => {
    const token = encodeSharingUrl(demoLinkUrl('folder'));
    const metadata = `${demo.base}/v1.0/$metadata#`;
    const cases: [string, string][] = [
      ['', `${metadata}shares/$entity`],
      ['/driveItem', `${metadata}shares('${token}')/driveItem/$entity`],
      ['/driveItem?$select=id,name', `${metadata}shares('${token}')/driveItem(id,name)/$entity`],
      ['/driveItem/children', `${metadata}shares('${token}')/driveItem/children`],
      ['/permission', `${metadata}shares('${token}')/permission/$entity`],
    ];
    for (const [path, context] of cases) {
      const response = await get('folder', path);
      expect(response.headers.get('odata-version'), path).toBe('4.0');
      expect((await response.json())['@odata.context'], path).toBe(context);
    }
  });
});

describe('GET /shares/{t}', () => {
  it('expands the driveItem, with its own options, and selects the share’s properties', async () => {
    const response = await get(
      'folder',
      '?$select=id,name&$expand=driveItem($select=id,folder;$expand=children)',
    );
    expect(response.status).toBe(200);
    const shared = await response.json();
    expect(shared.id).toBe(encodeSharingUrl(demoLinkUrl('folder')));
    expect(shared).not.toHaveProperty('owner');
    expect(Object.keys(shared.driveItem).sort()).toEqual(['children', 'folder', 'id']);
    expect(shared.driveItem.children).toHaveLength(13);
  });

  it('keeps the same id through the share and its permission', async () => {
    const shared = await (await get('file', '')).json();
    const permission = await (await get('file', '/permission')).json();
    expect(permission.shareId).toBe(shared.id);
  });
});

describe('SharePoint: list, listItem and site (reference §1.2)', () => {
  it('serves the document library, the list item with its fields, and the site of a business share', async () => {
    const site = await (await get('file', '/site')).json();
    expect(site).toMatchObject({ name: 'Finance', webUrl: 'https://contoso.sharepoint.com/sites/Finance' });
    expect(site.id).toMatch(/^contoso\.sharepoint\.com,[0-9a-f-]{36},[0-9a-f-]{36}$/);
    const list = await (await get('file', '/list')).json();
    expect(list).toMatchObject({
      name: 'Shared Documents',
      displayName: 'Documents',
      list: { template: 'documentLibrary' },
      parentReference: { siteId: site.id },
    });
    const listItem = await (await get('file', '/listItem?$expand=fields')).json();
    expect(listItem.id).toMatch(/^\d+$/);
    expect(listItem.fields).toMatchObject({ FileLeafRef: 'FY26 Budget.xlsx', ContentType: 'Document' });
    expect(listItem.sharepointIds).toMatchObject({ listId: list.id, listItemId: listItem.id });
    const item = await (await get('file', '/driveItem?$expand=listItem($select=id)')).json();
    expect(item.listItem).toEqual({ id: listItem.id });
    expect(item.parentReference.siteId).toBe(site.id);
  });

  it('answers 400 for them on a personal OneDrive share', async () => {
    for (const path of ['/list', '/listItem', '/site', '/driveItem?$expand=listItem']) {
      const response = await get('personal', path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code).toBe('invalidRequest');
    }
  });
});

describe('thumbnails (driveitem_list_thumbnails)', () => {
  async function pngSize(url: string): Promise<[number, number]> {
    const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
    return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  }

  it('serves one set, one size, and a 302 to its content', async () => {
    const set = await (await get('file', '/driveItem/thumbnails/0')).json();
    expect(
      Object.keys(set)
        .filter((key) => !key.startsWith('@'))
        .sort(),
    ).toEqual(['id', 'large', 'medium', 'small']);
    const medium = await (await get('file', '/driveItem/thumbnails/0/medium')).json();
    expect(medium).toMatchObject({ width: 176, height: 132 });
    const content = await fetch(
      `${demo.base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem/thumbnails/0/medium/content`,
      { headers: { Authorization: `Bearer ${demo.accessToken}` }, redirect: 'manual' },
    );
    expect(content.status).toBe(302);
    expect(content.headers.get('location')).toBe(medium.url);
    expect((await get('file', '/driveItem/thumbnails/1')).status).toBe(404);
  });

  it('makes square and custom sizes: c{w}x{h} fits the box, c{w}x{h}_crop fills it', async () => {
    const square = await (await get('file', '/driveItem/thumbnails/0/mediumSquare')).json();
    expect(square).toMatchObject({ width: 176, height: 176 });
    const { value } = await (
      await get('file', '/driveItem/thumbnails?$select=c300x300,c300x100_Crop')
    ).json();
    expect(value[0]).toMatchObject({
      id: '0',
      c300x300: { width: 300, height: 225 },
      c300x100_Crop: { width: 300, height: 100 },
    });
    expect(value[0]).not.toHaveProperty('medium');
    expect(await pngSize(value[0].c300x100_Crop.url)).toEqual([300, 100]);
    const bad = await get('file', '/driveItem/thumbnails/0/huge');
    expect(bad.status).toBe(400);
  });
});

describe('permissions of the token', () => {
  it('lets Files.Read read only the user’s own files on a work account; on a personal one, shares too', async () => {
    // Permissions reference: Files.Read reads "the signed-in user's files"; for Microsoft accounts it includes
    // files shared with the user (reference §5).
    const dataset = loadDataset(DEMO_DATASET_PATH);
    const eve = {
      id: 'eve',
      displayName: 'Eve Personal',
      email: 'eve@outlook.com',
      password: 'eve-pass',
      kind: 'personal' as const,
    };
    const emulator = await startEmulator({
      data: { ...dataset, users: [...dataset.users, eve] },
      autoLogin: false,
    });
    try {
      const read = async (email: string, password: string, label: string) => {
        const { access_token } = await signIn(emulator.url, { email, password, scope: 'openid Files.Read' });
        const response = await fetch(
          `${emulator.url}/v1.0/shares/${encodeSharingUrl(demoLinkUrl(label))}/driveItem`,
          {
            headers: { Authorization: `Bearer ${access_token}` },
          },
        );
        return response.status;
      };
      expect(await read('megan@contoso.com', DEMO_PASSWORDS['megan@contoso.com']!, 'file')).toBe(403);
      expect(await read('adele@contoso.com', DEMO_PASSWORDS['adele@contoso.com']!, 'file')).toBe(200); // her own
      expect(await read('eve@outlook.com', 'eve-pass', 'personal')).toBe(200); // Dan's, shared with anyone
    } finally {
      await emulator.close();
    }
  });
});
