import { describe, expect, it } from 'vitest';
import { detectShareLink } from '../../../links';

const TENANT = 'https://contoso.sharepoint.com';
const MY = 'https://contoso-my.sharepoint.com';

describe('SharePoint short links', () => {
  it.each([
    // reference/graph-shares.md §3: g = personal (OneDrive for Business), with the e= link id
    `${MY}/:w:/g/personal/megan_contoso_com/EbC7kQ2x_1lPnVZ-3aYc0gQB?e=4fQ2`,
    // r = existing-access link followed by the full path
    `${TENANT}/:x:/r/sites/Finance/Shared%20Documents/Budget.xlsx?d=w1b2c3d4e&csf=1&web=1&e=AbCd12`,
    `${TENANT}/:f:/s/Marketing/EhXyZ0aBcDeFgHiJkLmNoPqR?e=9xYz`,
    `${TENANT}/:p:/t/ProjectX/EQabc-def_123`,
    // p = personal short form, the example from sp-dev-docs shorter-share-link-format.md
    `${MY}/:w:/p/john_contoso_com/ERGZUIZ8E0pAuC1oJtwz4dQB23IabPgbMtiVe0OLPtMybw`,
    // two-letter type: li = list item
    `${TENANT}/:li:/s/Team/E8kq2Xw9aBc?e=QwErTy`,
    `${TENANT}/:b:/g/EaBcD1234`,
    // type and container letters in upper case are the same link
    `${TENANT}/:W:/G/personal/megan_contoso_com/EbC7`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    [`${TENANT}/:w:/x/EbC7`, 'x is not a container'],
    [`${TENANT}/:w:/g/`, 'nothing after the container'],
    [`${TENANT}/:w:/g`, 'no slash after the container'],
    [`${TENANT}/:doc:/g/EbC7`, 'a three-letter type'],
    [`${TENANT}/::/g/EbC7`, 'an empty type'],
    [`${TENANT}/w/g/EbC7`, 'no colons around the type'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('SharePoint _layouts/15 pages', () => {
  it.each([
    `${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?share=EbC7kQ2x_1lPnVZ`,
    `${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?guestaccesstoken=q8%2Bx%3D&docid=0abc`,
    `${TENANT}/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%7B3F2504E0-4F89-11D3-9A0C-0305E82C3301%7D&file=Plan.docx&action=default`,
    `${TENANT}/_layouts/15/doc.aspx?sourcedoc={3F2504E0-4F89-11D3-9A0C-0305E82C3301}`,
    `${MY}/personal/megan_contoso_com/_layouts/15/download.aspx?share=EbC7kQ2x_1lPnVZ`,
    `${MY}/personal/megan_contoso_com/_layouts/15/onedrive.aspx?id=%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FQ3`,
    `${TENANT}/teams/Ops/_layouts/15/GuestAccess.aspx?Share=EbC7`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    [`${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx`, 'no share parameter'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?share=`, 'an empty share parameter'],
    [`${TENANT}/sites/Team/_layouts/15/Doc.aspx?file=Plan.docx&action=default`, 'no sourcedoc'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/download.aspx?docid=0abc`, 'no share parameter'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/onedrive.aspx`, 'the OneDrive home page'],
    [`${TENANT}/sites/Team/_layouts/15/viewlsts.aspx`, 'the site contents page'],
    [`${TENANT}/sites/Team/_layouts/15/viewlsts.aspx?share=EbC7`, 'another page with a share parameter'],
    [`${TENANT}/_layouts/14/guestaccess.aspx?share=EbC7`, 'an old _layouts version'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('SharePoint direct document paths', () => {
  it.each([
    `${TENANT}/sites/Team/Shared%20Documents/Plan.docx`,
    `${MY}/personal/megan_contoso_com/Documents/Reports/Q3.xlsx`,
    `${TENANT}/teams/Ops/Shared%20Documents/Runbooks`,
    `${TENANT}/sites/Team/Shared%20Documents/Reports/`,
    `${TENANT}/sites/Team/Projects/Shared%20Documents/Scope.pdf`,
    `${TENANT}/sites/Team/SiteAssets/logo.png`,
    `${TENANT}/SITES/Team/Shared%20Documents/Plan.docx?web=1`,
    `${TENANT}/sites/Team/Shared%20Documents/_Archive/_old.docx`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    [`${TENANT}/sites/Team`, 'a site home'],
    [`${TENANT}/sites/Team/`, 'a site home with a slash'],
    [`${TENANT}/sites/Team/SitePages/Home.aspx`, 'a site page'],
    [`${TENANT}/sites/Team/SitePages/Images/banner.png`, 'inside the site pages library'],
    [`${TENANT}/teams/Ops/Projects/SitePages/News.aspx`, 'a page in a subsite'],
    [`${TENANT}/sites/Team/_layouts/15/viewlsts.aspx`, 'a system page'],
    [`${TENANT}/sites/Team/_api/web/lists`, 'the REST API'],
    [`${TENANT}/sites/Team/Projects/_api/web/GetFileByServerRelativeUrl`, 'the REST API of a subsite'],
    [`${TENANT}/sites/Team/_catalogs/masterpage/seattle.master`, 'the master page gallery'],
    [`${TENANT}/sites/Team/_vti_bin/ListData.svc`, 'a legacy web service'],
    [`${TENANT}/sites/Team/Shared%20Documents`, 'the library itself'],
    [`${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx`, 'a library view'],
    [`${TENANT}/sites/Team/Lists/Tasks/AllItems.aspx`, 'a list view'],
    [`${TENANT}/sites/Team/Lists/Tasks`, 'a list'],
    [`${MY}/personal/megan_contoso_com`, 'a OneDrive root'],
    [`${MY}/personal/megan_contoso_com/Documents`, 'the OneDrive library itself'],
    [`${TENANT}/`, 'the tenant home'],
    [TENANT, 'the tenant home without a path'],
    [`${TENANT}/search/Pages/results.aspx?k=plan`, 'a page outside a site'],
    [`${TENANT}/Shared%20Documents/Plan.docx`, 'a root-site library (no site segment)'],
    [`${TENANT}/sites//Shared%20Documents/Plan.docx`, 'an empty site name'],
    [`${TENANT}/sites/Team/Shared%20Documents/../SitePages/Home.aspx`, 'a page reached through ..'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('SharePoint file names outside Latin script', () => {
  it('keeps raw Unicode as written', () => {
    const href = `${TENANT}/sites/Team/Shared Documents/Отчёт 報告.docx`;
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it('keeps percent-encoding as written, without decoding it', () => {
    const href = `${TENANT}/sites/Team/Shared%20Documents/%D0%9E%D1%82%D1%87%D1%91%D1%82%20%E5%A0%B1%E5%91%8A.docx`;
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it('accepts a Unicode site name and Unicode in the query', () => {
    const href = `${TENANT}/sites/Équipe/Documents partagés/Plan.docx?e=Zz9&file=Überblick.docx`;
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });
});

describe('SharePoint hosts', () => {
  it.each([
    ['the commercial cloud', 'https://contoso.sharepoint.com'],
    ['OneDrive for Business', 'https://contoso-my.sharepoint.com'],
    ['GCC High', 'https://contoso.sharepoint.us'],
    ['GCC High OneDrive', 'https://contoso-my.sharepoint.us'],
    ['DoD', 'https://contoso.sharepoint-mil.us'],
    ['DoD OneDrive', 'https://contoso-my.sharepoint-mil.us'],
    ['21Vianet', 'https://contoso.sharepoint.cn'],
    ['the retired German cloud', 'https://contoso.sharepoint.de'],
    ['a tenant starting with a digit', 'https://123abc.sharepoint.com'],
    ['a 63-character tenant', `https://${'a'.repeat(63)}.sharepoint.com`],
  ])('recognises a host on %s', (_name, origin) => {
    const href = `${origin}/:w:/g/personal/megan_contoso_com/EbC7?e=4fQ2`;
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    ['no tenant', 'https://sharepoint.com'],
    ['a look-alike suffix', 'https://contoso.sharepoint.com.evil.example'],
    ['a look-alike prefix', 'https://evilsharepoint.com'],
    ['a look-alike tenant', 'https://contoso-sharepoint.com'],
    ['another TLD', 'https://contoso.sharepoint.org'],
    ['an unknown cloud', 'https://contoso.sharepoint-gov.us'],
    ['two labels before sharepoint', 'https://files.contoso.sharepoint.com'],
    ['a leading hyphen', 'https://-contoso.sharepoint.com'],
    ['a trailing hyphen', 'https://contoso-.sharepoint.com'],
    ['an underscore', 'https://con_toso.sharepoint.com'],
    ['a 64-character tenant', `https://${'a'.repeat(64)}.sharepoint.com`],
    ['a trailing dot', 'https://contoso.sharepoint.com.'],
    ['a percent-encoded dot', 'https://contoso%2Esharepoint.com'],
    ['full-width letters', 'https://ｃｏｎｔｏｓｏ.sharepoint.com'],
  ])('rejects a host with %s', (_name, origin) => {
    expect(detectShareLink(`${origin}/:w:/g/personal/megan_contoso_com/EbC7?e=4fQ2`)).toBeNull();
  });
});
