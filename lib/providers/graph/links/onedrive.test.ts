import { describe, expect, it } from 'vitest';
import { detectShareLink } from '../../../links';

const CID = '1B2C3D4E5F60718A';
const PERSONAL = 'https://onedrive.live.com/personal/1b2c3d4e5f60718a';
const GUID = '826179ca-a0d7-207b-8053-2e6a00000000';

describe('1drv.ms short links', () => {
  it.each([
    // legacy (pre-2024) form, reference/graph-shares.md §3
    'https://1drv.ms/u/s!AkL5mNx0XyZ1gQ_abc-123?e=Ab12Cd',
    'https://1drv.ms/f/s!AkL5mNx0XyZ1gQ',
    'https://1drv.ms/w/s!AkL5mNx0XyZ1gQ/',
    // new (since March 2024) form with the hex drive id
    'https://1drv.ms/u/c/1b2c3d4e5f60718a/EZx_9Kb3-lNGp1ZqWQ?e=xYz123',
    'https://1drv.ms/x/c/1b2c3d4e/EZx_9Kb3',
    // the type hint is one or two letters, in either case
    'https://1drv.ms/li/c/1b2c3d4e5f60718a/EZx_9Kb3',
    'https://1drv.ms/U/s!AkL5mNx0XyZ1gQ',
    'http://1drv.ms/b/s!AkL5mNx0XyZ1gQ',
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'onedrive', url: href });
  });

  it.each([
    ['https://1drv.ms/', 'the bare host'],
    ['https://1drv.ms', 'the bare host without a slash'],
    ['https://1drv.ms/u/', 'a type without a token'],
    ['https://1drv.ms/u/s!', 'an empty legacy token'],
    ['https://1drv.ms/s!AkL5mNx0XyZ1gQ', 'no type hint'],
    ['https://1drv.ms/abc/s!AkL5mNx0XyZ1gQ', 'a three-letter type'],
    ['https://1drv.ms/1/s!AkL5mNx0XyZ1gQ', 'a digit as type'],
    ['https://1drv.ms/u/s!AkL5/extra', 'more path after the token'],
    ['https://1drv.ms/u/c/1b2c3d4e5f60718a', 'a drive id without a token'],
    ['https://1drv.ms/u/c/1b2c3d4e5f60718a/', 'an empty token'],
    ['https://1drv.ms/u/c/notahexid/EZx_9Kb3', 'a drive id that is not hex'],
    ['https://1drv.ms/u/c/1b2c3d/EZx_9Kb3', 'a drive id that is too short'],
    ['https://1drv.ms/u/x!AkL5mNx0XyZ1gQ', 'an unknown token prefix'],
    ['https://1drv.ms/about', 'some other page'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('onedrive.live.com item pages', () => {
  it.each([
    `https://onedrive.live.com/redir?cid=${CID}&resid=${CID}!123&authkey=!AKx9_zQ`,
    `https://onedrive.live.com/redir.aspx?cid=${CID}&resid=${CID}!123&authKey=!AKx9_zQ`,
    `https://onedrive.live.com/embed?cid=${CID}&resid=${CID}%21123&authkey=%21AKx9_zQ&em=2`,
    `https://onedrive.live.com/view.aspx?resid=${CID}!123&ithint=file%2cdocx`,
    `https://onedrive.live.com/download?cid=${CID}&resid=${CID}!123&authkey=!AKx9_zQ`,
    `https://onedrive.live.com/download.aspx?resid=${CID}!123`,
    `https://onedrive.live.com/?cid=${CID}&id=${CID}!123&authkey=!AKx9_zQ`,
    `https://onedrive.live.com/?id=${CID}%21123&cid=${CID}`,
    'https://onedrive.live.com/?redeem=aHR0cHM6Ly8xZHJ2Lm1zL3UvYy8xYjJjM2Q0ZTVmNjA3MThhL0VaeA',
    // a drive id with the authkey that unlocks it is a shared folder root
    `https://onedrive.live.com/?cid=${CID}&authkey=!AKx9_zQ`,
    `https://onedrive.live.com/?cid=${CID}`,
    `https://onedrive.live.com?id=${CID}!123`,
    // the Office editor
    `https://onedrive.live.com/edit.aspx?resid=${CID}!123&cid=${CID}&app=Word`,
    `https://onedrive.live.com/edit?id=${CID}!123&resid=${CID}!123&cid=${CID}&ithint=file%2cxlsx&authkey=!AKx9_zQ&wdo=2`,
    // mid-2024 web URL form (reference/graph-shares.md §3)
    'https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/doc.aspx?resid=4a5f8e0c-1d2b-4c3a&cid=1b2c3d4e5f60718a',
    'https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/Doc.aspx?resid=4a5f8e0c-1d2b-4c3a',
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'onedrive', url: href });
  });

  it.each([
    ['https://onedrive.live.com/', 'the home page'],
    ['https://onedrive.live.com', 'the home page without a slash'],
    ['https://onedrive.live.com/about/en-us/', 'a marketing page'],
    ['https://onedrive.live.com/redir', 'redir without parameters'],
    [`https://onedrive.live.com/embed?foo=${CID}`, 'embed without a share parameter'],
    ['https://onedrive.live.com/view.aspx', 'the viewer without an item'],
    ['https://onedrive.live.com/edit.aspx', 'the editor without an item'],
    [`https://onedrive.live.com/edit.aspx?app=Word&wdo=2`, 'the editor without a share parameter'],
    ['https://onedrive.live.com/download?resid=', 'an empty resid'],
    ['https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/doc.aspx', 'doc.aspx without an item'],
    [
      'https://onedrive.live.com/personal/not-hex/_layouts/15/doc.aspx?resid=4a5f',
      'a drive id that is not hex',
    ],
    [`https://onedrive.live.com/settings?id=${CID}!123`, 'a page that does not show items'],
    [`https://onedrive.live.com/redir/more?resid=${CID}!123`, 'a longer path'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('onedrive.live.com on SharePoint (since 2024)', () => {
  it.each([
    // Office's document page with the document's unique id, as the shares API takes it
    `${PERSONAL}/_layouts/15/Doc.aspx?sourcedoc=%7B${GUID}%7D&action=default`,
    `${PERSONAL}/_layouts/15/Doc.aspx?sourcedoc={${GUID.toUpperCase()}}&action=view&wdOrigin=BROWSELINK`,
    // SharePoint's personal short links, which old links redirect to
    `https://onedrive.live.com/:w:/g/personal/${CID}/EZx_9Kb3-lNGp1ZqWQ?e=AbC123&migratedtospo=true`,
    `https://onedrive.live.com/:f:/g/personal/${CID.toLowerCase()}/EhXyZ0aB/`,
    `https://onedrive.live.com/:x:/p/${CID}/EZx_9Kb3?e=AbC123`,
    `https://ONEDRIVE.LIVE.COM/:W:/G/personal/${CID}/EZx_9Kb3?migratedtospo=true&web=1`,
    // documents and folders by path
    `${PERSONAL}/Documents/Plan.docx`,
    `${PERSONAL}/Documents/Reports/?csf=1&web=1`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'onedrive', url: href });
  });

  it.each([
    [
      `${PERSONAL}/_layouts/15/download.aspx?SourceUrl=%2Fpersonal%2F1b2c3d4e5f60718a%2FDocuments%2F%21%203%2E%20Notes%2Fmembers%2Ejson`,
      `${PERSONAL}/Documents/!%203.%20Notes/members.json`,
    ],
    [
      `${PERSONAL}/_layouts/15/download.aspx?sourceurl=https://onedrive.live.com/personal/1b2c3d4e5f60718a/Documents/Plan.docx`,
      `${PERSONAL}/Documents/Plan.docx`,
    ],
    [
      `${PERSONAL}/_layouts/15/Doc.aspx?sourcedoc=%2Fpersonal%2F1b2c3d4e5f60718a%2FDocuments%2FPlan.docx&action=default`,
      `${PERSONAL}/Documents/Plan.docx`,
    ],
  ])('sends %s as the item %s', (href, item) => {
    const link = detectShareLink(href);
    expect(link).toEqual({ provider: 'onedrive', url: item });
    expect(detectShareLink(item)).toEqual(link);
  });

  it.each([
    [`${PERSONAL}/_layouts/15/Doc.aspx?action=default`, 'Doc.aspx without sourcedoc'],
    [`${PERSONAL}/_layouts/15/Doc.aspx?sourcedoc=Plan.docx`, 'a sourcedoc that is neither id nor path'],
    [`${PERSONAL}/_layouts/15/download.aspx`, 'download.aspx without a path'],
    [
      `${PERSONAL}/_layouts/15/download.aspx?SourceUrl=https%3A%2F%2Fcontoso-my.sharepoint.com%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FPlan.docx`,
      'a path on another host',
    ],
    [
      `${PERSONAL}/_layouts/15/download.aspx?SourceUrl=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx`,
      'no personal drive',
    ],
    [
      `${PERSONAL}/_layouts/15/download.aspx?SourceUrl=%2Fpersonal%2F1b2c3d4e5f60718a%2FDocuments`,
      'the library itself',
    ],
    [`https://onedrive.live.com/:l:/g/personal/${CID}/EZx_9Kb3`, 'a list link'],
    [`https://onedrive.live.com/:w:/g/personal/${CID}`, 'no token'],
    [`https://onedrive.live.com/:w:/g/personal/not-hex/EZx_9Kb3`, 'a drive id that is not hex'],
    [`https://onedrive.live.com/:w:/s/Team/EZx_9Kb3`, 'a SharePoint site short link'],
    [`https://onedrive.live.com/:w:/g/personal/${CID}/EZx_9Kb3/more`, 'more path after the token'],
    [`${PERSONAL}/Documents`, 'the library itself'],
    [PERSONAL, 'the drive'],
    [`${PERSONAL}/Documents/Forms/All.aspx`, 'a library view'],
    ['https://onedrive.live.com/Shared%20Documents/Plan.docx', 'a path outside a personal drive'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('OneDrive hosts', () => {
  it.each([
    'https://1drv.ms.example.net/u/s!AkL5mNx0XyZ1gQ',
    'https://evil1drv.ms/u/s!AkL5mNx0XyZ1gQ',
    'https://www.1drv.ms/u/s!AkL5mNx0XyZ1gQ',
    'https://1drv.me/u/s!AkL5mNx0XyZ1gQ',
    `https://onedrive.live.com.evil.example/redir?resid=${CID}!123`,
    `https://xonedrive.live.com/redir?resid=${CID}!123`,
    `https://onedrive.live.co/redir?resid=${CID}!123`,
    `https://live.com/redir?resid=${CID}!123`,
    'https://1drv%2Ems/u/s!AkL5mNx0XyZ1gQ',
  ])('rejects the look-alike %s', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });

  it('gives a SharePoint host to SharePoint, not to OneDrive, even for personal sites', () => {
    const href = 'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Q3.xlsx';
    expect(detectShareLink(href)?.provider).toBe('sharepoint');
  });
});
