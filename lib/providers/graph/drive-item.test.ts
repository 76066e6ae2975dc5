import { describe, expect, it } from 'vitest';
import type { ShareLink } from '../../model';
import { isItemWebUrl, isThumbnailUrl, linkAccessOf, toSharedItem } from './drive-item';
import { driveItemSchema } from './schemas';
import { fileItem } from './test-support';

const businessLink: ShareLink = {
  provider: 'sharepoint',
  url: 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7xyz?e=4fQ2',
};
const personalLink: ShareLink = { provider: 'onedrive', url: 'https://1drv.ms/f/c/db31c5aff0d22737/EUqSabc' };

function map(link: ShareLink, json: unknown) {
  return toSharedItem(link, driveItemSchema.parse(json));
}

describe('toSharedItem', () => {
  it('maps a shared file', () => {
    const json = fileItem('Budget.xlsx', {
      thumbnails: [
        {
          id: '0',
          small: { url: 'https://thumbs.example/s.png', width: 96, height: 96 },
          medium: { url: 'https://thumbs.example/m.png', width: 176, height: 176 },
          large: { url: 'https://thumbs.example/l.png', width: 800, height: 800 },
        },
      ],
      children: [],
    });
    expect(map(businessLink, json)).toEqual({
      provider: 'sharepoint',
      url: businessLink.url,
      id: json.id,
      driveId: 'b!drive1',
      name: 'Budget.xlsx',
      kind: 'file',
      source: 'contoso.sharepoint.com',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      size: 18_432,
      owner: { displayName: 'Megan Bowen', email: 'megan@contoso.com' },
      modifiedBy: { displayName: 'Alex Wilber', email: 'alex@contoso.com' },
      modified: '2025-05-20T16:30:00Z',
      created: '2025-01-10T09:00:00Z',
      webUrl: json.webUrl,
      thumbnailUrl: 'https://thumbs.example/m.png',
      scope: 'organization',
      shareTarget: { ref: `/drives/b!drive1/items/${json.id}`, personal: false },
    });
  });

  it('maps a folder with its count and the first ten children', () => {
    const children = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0
        ? { id: `c${i}`, name: `Folder ${i}`, folder: { childCount: i } }
        : { id: `c${i}`, name: `Doc ${i}.docx`, size: 1_000 + i, file: { mimeType: 'application/msword' } },
    );
    const item = map(businessLink, {
      id: 'F1',
      name: 'Plans',
      folder: { childCount: 240 },
      children,
      'children@odata.nextLink': 'https://graph.microsoft.com/v1.0/next',
    });
    expect(item.kind).toBe('folder');
    // childCount comes from the facet: expanded children are only the first page.
    expect(item.childCount).toBe(240);
    expect(item.children).toHaveLength(10);
    expect(item.children?.slice(0, 2)).toEqual([
      { name: 'Folder 0', kind: 'folder' },
      { name: 'Doc 1.docx', kind: 'file', size: 1_001 },
    ]);
  });

  it('counts the children when the folder facet has no count', () => {
    const item = map(businessLink, {
      id: 'F2',
      name: 'Empty-ish',
      folder: {},
      children: [{ name: 'a.txt', file: {} }, { name: 'Notes', package: { type: 'oneNote' } }, { bad: true }],
    });
    expect(item.childCount).toBe(2);
    expect(item.children).toEqual([
      { name: 'a.txt', kind: 'file' },
      { name: 'Notes', kind: 'notebook' },
    ]);
  });

  it('maps a OneNote package to a notebook', () => {
    const item = map(businessLink, {
      id: 'N1',
      name: 'Team Notebook',
      package: { type: 'oneNote' },
      size: 0,
    });
    expect(item).toMatchObject({ kind: 'notebook', size: 0 });
    expect(item.childCount).toBeUndefined();
  });

  it('maps a personal OneDrive item: owner without email, anonymous scope', () => {
    const item = map(personalLink, {
      id: 'DB31C5AFF0D22737!s0a1b2c3',
      name: 'Holiday photos',
      webUrl: 'https://1drv.ms/f/c/db31c5aff0d22737/EUqSabc',
      folder: { childCount: 3, view: { viewType: 'thumbnails' } },
      parentReference: { driveId: 'db31c5aff0d22737', driveType: 'personal' },
      shared: {
        scope: 'anonymous',
        owner: { user: { id: 'db31c5aff0d22737', displayName: 'Daron Spektor' } },
      },
      createdBy: { user: { displayName: 'Daron Spektor', id: 'db31c5aff0d22737' } },
      '@onedrive.linkFeatures': [],
    });
    expect(item).toEqual({
      provider: 'onedrive',
      url: personalLink.url,
      id: 'DB31C5AFF0D22737!s0a1b2c3',
      driveId: 'db31c5aff0d22737',
      name: 'Holiday photos',
      kind: 'folder',
      owner: { displayName: 'Daron Spektor' },
      source: 'OneDrive',
      webUrl: 'https://1drv.ms/f/c/db31c5aff0d22737/EUqSabc',
      childCount: 3,
      scope: 'anonymous',
      // Ids are opaque (reference §2): encoded into the path the share panel's requests use. A folder says so:
      // embed links are for files only.
      shareTarget: {
        ref: '/drives/db31c5aff0d22737/items/DB31C5AFF0D22737!s0a1b2c3',
        personal: true,
        folder: true,
      },
    });
  });

  it('falls back to the creator when the share names no owner', () => {
    const json = fileItem('a.txt', { shared: { scope: 'users' } });
    expect(map(businessLink, json).owner).toEqual({ displayName: 'Megan Bowen', email: 'megan@contoso.com' });
  });

  it('keeps only id, name, kind and source when nothing else is there', () => {
    expect(map(businessLink, { id: 'X', name: 'mystery' })).toEqual({
      provider: 'sharepoint',
      url: businessLink.url,
      id: 'X',
      name: 'mystery',
      kind: 'file',
      source: 'contoso.sharepoint.com',
    });
  });

  it('drops a webUrl that is not https', () => {
    for (const webUrl of [
      'http://contoso.sharepoint.com/a',
      'javascript:alert(1)',
      'not a url',
      'ftp://x/y',
    ]) {
      expect(map(businessLink, { id: 'X', name: 'a', webUrl }).webUrl, webUrl).toBeUndefined();
    }
  });

  it('uses the next thumbnail size when medium is missing, and drops unsafe thumbnail URLs', () => {
    const large = map(businessLink, {
      id: 'X',
      name: 'a',
      thumbnails: [{ small: { url: 'https://t/s' }, large: { url: 'https://t/l' } }],
    });
    expect(large.thumbnailUrl).toBe('https://t/l');
    const unsafe = map(businessLink, {
      id: 'X',
      name: 'a',
      thumbnails: [{ medium: { url: 'javascript:x' } }],
    });
    expect(unsafe.thumbnailUrl).toBeUndefined();
  });

  it('takes facets from remoteItem for an item that lives in another drive', () => {
    const item = map(businessLink, {
      id: 'R1',
      name: 'Shared in',
      remoteItem: {
        id: 'REMOTE1',
        folder: { childCount: 4 },
        parentReference: { driveId: 'b!other', driveType: 'business' },
      },
    });
    // Sharing acts on the item where it lives (reference §2: use remoteItem's drive and id).
    expect(item).toMatchObject({
      kind: 'folder',
      driveId: 'b!other',
      shareTarget: { ref: '/drives/b!other/items/REMOTE1', personal: false },
    });
  });
});

describe('driveItemSchema', () => {
  it('requires id and name', () => {
    expect(driveItemSchema.safeParse({ name: 'a' }).success).toBe(false);
    expect(driveItemSchema.safeParse({ id: 'X' }).success).toBe(false);
    expect(driveItemSchema.safeParse({ id: '', name: 'a' }).success).toBe(false);
    expect(driveItemSchema.safeParse([]).success).toBe(false);
  });

  it('drops optional fields of the wrong type instead of failing', () => {
    const item = map(businessLink, {
      id: 'X',
      name: 'a',
      size: '12',
      lastModifiedDateTime: null,
      createdBy: { user: { displayName: 'Megan', email: null } },
      shared: { scope: 'galaxy' },
      file: { mimeType: 7 },
    });
    expect(item).toEqual({
      provider: 'sharepoint',
      url: businessLink.url,
      id: 'X',
      name: 'a',
      kind: 'file',
      source: 'contoso.sharepoint.com',
      owner: { displayName: 'Megan' },
    });
  });
});

describe('isItemWebUrl', () => {
  const onContoso = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7xyz';
  it('lets through https addresses on OneDrive and SharePoint hosts only', () => {
    expect(isItemWebUrl('https://contoso.sharepoint.com/sites/A/B.xlsx', onContoso)).toBe(true);
    expect(isItemWebUrl('https://contoso.sharepoint.us/x', 'https://contoso.sharepoint.us/:x:/r/x')).toBe(
      true,
    );
    expect(isItemWebUrl('https://onedrive.live.com/?id=1', personalLink.url)).toBe(true);
    expect(isItemWebUrl('https://evil.example/phish', onContoso)).toBe(false);
    expect(isItemWebUrl('https://sharepoint.com.evil.example/x', onContoso)).toBe(false);
    expect(isItemWebUrl('http://contoso.sharepoint.com/x', onContoso)).toBe(false);
    expect(isItemWebUrl('https://user@contoso.sharepoint.com/x', onContoso)).toBe(false);
    expect(isItemWebUrl('javascript:alert(1)//.sharepoint.com', onContoso)).toBe(false);
  });

  it('accepts only the real clouds: sharepoint-mil.us, not sharepoint-mil.com', () => {
    const dod = 'https://army.sharepoint-mil.us/:w:/s/Ops/EaB';
    expect(isItemWebUrl('https://army.sharepoint-mil.us/sites/Ops/Doc.docx', dod)).toBe(true);
    for (const host of ['army.sharepoint-mil.com', 'army.sharepoint-mil.cn', 'army.sharepoint.mil']) {
      expect(isItemWebUrl(`https://${host}/sites/Ops/Doc.docx`, `https://${host}/:w:/s/Ops/EaB`), host).toBe(
        false,
      );
    }
  });

  it("accepts only the link's own tenant, its OneDrive (-my) included", () => {
    expect(isItemWebUrl('https://contoso-my.sharepoint.com/personal/a/Doc.docx', onContoso)).toBe(true);
    expect(
      isItemWebUrl('https://contoso.sharepoint.com/x', 'https://contoso-my.sharepoint.com/:w:/p/a/E'),
    ).toBe(true);
    expect(isItemWebUrl('https://contoso-finance.sharepoint.com/x', onContoso)).toBe(false);
    expect(isItemWebUrl('https://fabrikam.sharepoint.com/x', onContoso)).toBe(false);
    expect(isItemWebUrl('https://contoso.sharepoint.us/x', onContoso)).toBe(false);
    expect(isItemWebUrl('https://onedrive.live.com/?id=1', onContoso)).toBe(false);
    expect(isItemWebUrl('https://contoso.sharepoint.com/x', personalLink.url)).toBe(false);
  });
});

describe('source', () => {
  it("names the link's tenant host, or OneDrive for a personal link", () => {
    expect(map(businessLink, fileItem()).source).toBe('contoso.sharepoint.com');
    const lookAlike = {
      ...businessLink,
      url: 'https://contoso-finance.sharepoint.com/:x:/s/Finance/EbC7xyz',
    };
    const item = map(lookAlike, fileItem());
    expect(item.source).toBe('contoso-finance.sharepoint.com');
    // fileItem's webUrl is on contoso.sharepoint.com: another tenant than the link's, so not offered.
    expect(item.webUrl).toBeUndefined();
    expect(map(personalLink, fileItem()).source).toBe('OneDrive');
  });
});

describe('isThumbnailUrl', () => {
  const graph = 'https://graph.microsoft.com/v1.0';
  it('accepts https on the hosts Graph serves thumbnails from', () => {
    for (const url of [
      'https://southcentralus1-mediap.svc.ms/transform/thumbnail?provider=spo&docid=x',
      'https://contoso.sharepoint.com/_api/v2.0/drives/b!1/items/2/thumbnails/0/medium/content',
      'https://contoso-my.sharepoint.us/_api/v2.0/x',
      'https://public.bn.files.1drv.com/y4mAbc',
      'https://qg3eva.bn1304.livefilestore.com/y4mAbc',
      'https://my.microsoftpersonalcontent.com/personal/x',
    ]) {
      expect(isThumbnailUrl(url, graph), url).toBe(true);
    }
  });

  it("accepts the configured endpoint's origin, where the emulator serves thumbnails over loopback http", () => {
    const emulator = 'http://127.0.0.1:8080/v1.0';
    expect(isThumbnailUrl('http://127.0.0.1:8080/thumbnails/item-1/medium.png', emulator)).toBe(true);
    expect(isThumbnailUrl('http://127.0.0.1:8081/thumbnails/item-1/medium.png', emulator)).toBe(false);
    expect(isThumbnailUrl('http://localhost:8080/thumbnails/item-1/medium.png', emulator)).toBe(false);
  });

  it('refuses any other host, plain http and user info', () => {
    for (const url of [
      'https://thumbs.example/m.png',
      'https://intranet.corp/secret.png',
      'https://mediap.svc.ms.evil.example/x',
      'https://contoso.sharepoint-mil.com/x',
      'https://onedrive.live.com/x.png',
      'http://eastus1-mediap.svc.ms/x',
      'http://127.0.0.1:8080/thumbnails/1/medium.png',
      'https://user@contoso.sharepoint.com/x',
      'not a url',
    ]) {
      expect(isThumbnailUrl(url, graph), url).toBe(false);
    }
  });
});

describe('linkAccessOf', () => {
  it('reads type, scope, expiry and password from the link’s permission', () => {
    expect(
      linkAccessOf({
        roles: ['write'],
        link: { type: 'edit', scope: 'organization' },
        expirationDateTime: '0001-01-01T00:00:00Z',
        hasPassword: false,
      }),
    ).toEqual({ type: 'edit', scope: 'organization' });
  });

  it('copes with what Graph leaves out or names in ways ShareLens does not know', () => {
    // Graph's own embed example has no scope.
    expect(
      linkAccessOf({ roles: ['read'], link: { type: 'embed', webUrl: 'https://onedrive.live.com/x' } }),
    ).toEqual({ type: 'embed' });
    expect(linkAccessOf({ roles: ['write'], link: { scope: 'users' } })).toEqual({
      type: 'edit',
      scope: 'users',
    });
    expect(linkAccessOf({ roles: ['read'], link: { scope: 'somethingNew', type: 'review' } })).toEqual({
      type: 'review',
      scope: 'somethingNew',
    });
    expect(linkAccessOf({ roles: ['read'], link: {} })).toBeUndefined();
    expect(linkAccessOf({ roles: ['read'] })).toBeUndefined();
    expect(linkAccessOf('nonsense')).toBeUndefined();
    expect(linkAccessOf({ roles: 'write', link: { type: 5, scope: 'anonymous' } })).toBeUndefined();
  });
});
