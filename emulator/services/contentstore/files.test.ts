/**
 * Reading the ObjectStore against reference/contentstore-ews.md §1.4: properties by GUID, metadata by path,
 * folder listings and downloads, for ObjectStore (`contentstore/`) and Edge Drive (`drive/`).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { elements, loginAs, useContentStore, xmlRoot } from './test-support';

const demo = useContentStore();
let token: string;
beforeEach(async () => {
  token = await loginAs(demo.api);
});

const PROJECTS = '62df0e9f1899425eb98173a8adb802c6';
const NOTES = 'c0ffee00c0ffee00c0ffee00c0ffee59';

function get(path: string, accept = 'application/xml', init: RequestInit = {}) {
  return fetch(`${demo.api}/${path}`, { ...init, headers: { Authtoken: token, Accept: accept } });
}

describe('properties by GUID', () => {
  it('answers App_FileResourceResponse/fileResource with escaped values that read back exactly', async () => {
    const response = await get(`contentstore/file/${NOTES}`);
    expect(response.status).toBe(200);
    const root = xmlRoot(await response.text());
    expect(root.localName).toBe('App_FileResourceResponse');
    const [resource] = elements(root, 'fileResource');
    expect(resource!.getAttribute('GUID')).toBe(NOTES);
    expect(resource!.getAttribute('name')).toBe('Notes & <Ideas> "v2".txt');
    expect(resource!.getAttribute('path')).toBe('\\Notes & <Ideas> "v2".txt');
    expect(resource!.getAttribute('sizeinBytes')).toBe('1200');
    expect(resource!.getAttribute('file')).toBe('1');
  });

  it('JSON mirrors it; a folder has directory=1 and the size of what it holds', async () => {
    const body = await (await get(`drive/file/${PROJECTS}`, 'application/json')).json();
    expect(body.fileResource).toMatchObject({
      GUID: PROJECTS,
      name: 'Projects',
      path: '\\Projects',
      directory: 1,
      sizeinBytes: 48213 + 20480 + 10240 + 88211,
      owner: 'megan',
      modifiedTime: Date.parse('2026-02-10T08:15:00Z') / 1000,
    });
    expect(body.fileResource).not.toHaveProperty('file');
  });

  it('accepts an upper-case GUID', async () => {
    expect((await get(`contentstore/file/${PROJECTS.toUpperCase()}`)).status).toBe(200);
  });

  it('an unknown GUID is 404', async () => {
    const response = await get('contentstore/file/00000000000000000000000000000000', 'application/json');
    expect(response.status).toBe(404);
    expect((await response.json()).errorCode).toBe(404);
  });
});

describe('metadata by path', () => {
  it('finds a nested item by its \\ path (URL-encoded); names compare without case', async () => {
    const path = encodeURIComponent('\\projects\\Designs\\Logo.png');
    const body = await (await get(`contentstore/action/metadata?path=${path}`, 'application/json')).json();
    expect(body.fileResource.GUID).toBe('0d5f7e2a1c3b4d6e8f9a0b1c2d3e4f53');
    expect(body.fileResource.parentGuid).toBe('7c4e538afe864e25ae415357aa6fa04e');
    expect(body.fileResource.path).toBe('\\Projects\\Designs\\Logo.png');
  });

  it('\\ is the root folder, the parent of the top-level items', async () => {
    const root = await (
      await get(`contentstore/action/metadata?path=${encodeURIComponent('\\')}`, 'application/json')
    ).json();
    const projects = await (await get(`contentstore/file/${PROJECTS}`, 'application/json')).json();
    expect(root.fileResource.directory).toBe(1);
    expect(root.fileResource.GUID).toMatch(/^[0-9a-f]{32}$/);
    expect(projects.fileResource.parentGuid).toBe(root.fileResource.GUID);
  });

  it('an unknown path is 404, a missing one 400', async () => {
    expect((await get(`contentstore/action/metadata?path=${encodeURIComponent('\\Nope')}`)).status).toBe(404);
    expect((await get('contentstore/action/metadata')).status).toBe(400);
  });
});

describe('folder listing', () => {
  it('POST folder/{guid}/action/list lists the children as fileResources', async () => {
    const response = await get(`contentstore/folder/${PROJECTS}/action/list`, 'application/xml', {
      method: 'POST',
    });
    const root = xmlRoot(await response.text());
    expect(root.getAttribute('totalFileCount')).toBe('2');
    expect(root.getAttribute('totalFolderCount')).toBe('2');
    expect(elements(root, 'fileResources').map((element) => element.getAttribute('name'))).toEqual([
      'Q3 Report.docx',
      'Budget 2026.xlsx',
      'Designs',
      'Archive',
    ]);
  });

  it('action/list?path= lists by path, as JSON arrays, and limit keeps the first N', async () => {
    const path = encodeURIComponent('\\Projects\\Designs');
    const body = await (
      await get(`drive/action/list?path=${path}&limit=1`, 'application/json', { method: 'POST' })
    ).json();
    expect(body.fileResources).toEqual([
      expect.objectContaining({ name: 'Logo.png', file: 1, sizeinBytes: 10240 }),
    ]);
    const empty = await (
      await get(
        `contentstore/action/list?path=${encodeURIComponent('\\Projects\\Archive')}`,
        'application/json',
      )
    ).json();
    expect(empty.totalFileCount).toBe(0);
    expect(empty).not.toHaveProperty('fileResources');
  });

  it('listing a file is 400, an unknown folder 404', async () => {
    expect(
      (await get(`contentstore/folder/${NOTES}/action/list`, 'application/xml', { method: 'POST' })).status,
    ).toBe(400);
    expect(
      (
        await get('contentstore/folder/11111111111111111111111111111111/action/list', 'application/xml', {
          method: 'POST',
        })
      ).status,
    ).toBe(404);
  });
});

describe('download', () => {
  it('a file downloads as size bytes; a folder cannot', async () => {
    const response = await get('contentstore/file/0d5f7e2a1c3b4d6e8f9a0b1c2d3e4f53/action/download');
    expect(response.status).toBe(200);
    expect((await response.arrayBuffer()).byteLength).toBe(10240);
    expect(response.headers.get('content-disposition')).toContain('Logo.png');
    expect((await get(`contentstore/file/${PROJECTS}/action/download`)).status).toBe(400);
  });
});
