import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectShareLink } from '../../../links';

const TENANT = 'https://contoso.sharepoint.com';
const MY = 'https://contoso-my.sharepoint.com';
const GUID = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';

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
    // r in the root site, and r for a library (shared as its root folder)
    `${TENANT}/:x:/r/Shared%20Documents/Budget.xlsx?d=w1b2c&csf=1&web=1&e=AbCd12`,
    `${TENANT}/:f:/r/sites/Team/Shared%20Documents?csf=1&web=1&e=AbCd12`,
    // a page shared by link is a file in the Site Pages library
    `${TENANT}/:u:/r/sites/Team/SitePages/Home.aspx?csf=1&web=1&e=AbCd12`,
    // r followed by Office's document page (reference §3: "where /r/ resolves")
    `${TENANT}/:w:/r/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%7B${GUID}%7D&file=Plan.docx&action=default&mobileredirect=true`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    [`${TENANT}/:w:/x/EbC7`, 'x is not a container'],
    [`${TENANT}/:w:/g/`, 'nothing after the container'],
    [`${TENANT}/:w:/g`, 'no slash after the container'],
    [`${TENANT}/:doc:/g/EbC7`, 'a three-letter type'],
    [`${TENANT}/::/g/EbC7`, 'an empty type'],
    [`${TENANT}/:w/g/EbC7`, 'no colon after the type'],
    // list links name a list, which is no drive item
    [`${TENANT}/:l:/s/Team/EbC7kQ2x?e=4fQ2`, 'a list link'],
    [`${TENANT}/:l:/r/sites/Team/Lists/Tasks?e=4fQ2`, 'a list link with the path'],
    [`${TENANT}/:L:/g/personal/megan_contoso_com/EbC7`, 'a list link in capitals'],
    // after r, only a site: no item in it
    [`${TENANT}/:x:/r/sites/Team`, 'r and a site'],
    [`${TENANT}/:x:/r/sites/Team/?csf=1&web=1&e=AbCd12`, 'r and a site with a slash and a query'],
    [`${TENANT}/:f:/r/TEAMS/Ops`, 'r and a team site in capitals'],
    [`${MY}/:f:/r/personal/megan_contoso_com`, 'r and a OneDrive'],
    [`${TENANT}/:x:/r/sites`, 'r and a managed path'],
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
    `${TENANT}/teams/Ops/_layouts/15/GuestAccess.aspx?Share=EbC7`,
    // older anonymous links: the document's or folder's id with its key
    `${TENANT}/sites/Team/_layouts/15/guestaccess.aspx?docid=0a1b2c3d4e5f60718293a4b5c6d7e8f90&authkey=AbCdEfGh-IjK`,
    `${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?docid=0a1b2c&authkey=AbCd&expiration=2017-01-01T00%3A00%3A00.000Z`,
    `${MY}/personal/megan_contoso_com/_layouts/15/GuestAccess.aspx?FolderId=0f1e2d3c&AuthKey=AbCd`,
    // …which download.aspx takes too
    `${MY}/personal/megan_contoso_com/_layouts/15/download.aspx?docid=0a1b2c&authkey=AbCd`,
    // older names of Doc.aspx, with the document's unique id
    `${TENANT}/sites/Team/_layouts/15/WopiFrame.aspx?sourcedoc=%7B${GUID}%7D&file=Plan.docx&action=default`,
    `${TENANT}/sites/Team/_layouts/15/WopiFrame2.aspx?sourcedoc={${GUID}}&action=view`,
    `${TENANT}/sites/Team/_layouts/15/doc2.aspx?sourcedoc=%7b${GUID.toLowerCase()}%7d&action=edit`,
    `${TENANT}/_layouts/15/Doc.aspx?sourcedoc=${GUID}&action=default`,
  ])('recognises %s', (href) => {
    expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
  });

  it.each([
    [`${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx`, 'no share parameter'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?share=`, 'an empty share parameter'],
    [`${TENANT}/sites/Team/_layouts/15/Doc.aspx?file=Plan.docx&action=default`, 'no sourcedoc'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/download.aspx?docid=0abc`, 'no share parameter'],
    [
      `${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?docid=0abc`,
      'a docid without its authkey',
    ],
    [
      `${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?authkey=AbCd`,
      'an authkey without an id',
    ],
    [`${MY}/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?docid=&authkey=AbCd`, 'an empty docid'],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?UniqueId=${GUID}&tempauth=eyJ0eXAi`,
      'a temporary download',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/WopiFrame.aspx?file=Plan.docx&action=default`,
      'WopiFrame without sourcedoc',
    ],
    [`${TENANT}/sites/Team/_layouts/15/doc2.aspx?action=edit`, 'doc2 without sourcedoc'],
    [
      `${TENANT}/sites/Team/_layouts/15/Doc.aspx?sourcedoc=Plan.docx`,
      'a sourcedoc that is neither id nor path',
    ],
    [`${TENANT}/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%7B3F2504E0%7D`, 'a truncated id'],
    [`${MY}/personal/megan_contoso_com/_layouts/15/onedrive.aspx`, 'the OneDrive home page'],
    [`${TENANT}/_layouts/15/sharepoint.aspx`, 'the SharePoint start page'],
    [`${TENANT}/_layouts/15/search.aspx?q=plan`, 'the search page'],
    [`${TENANT}/sites/Team/_layouts/15/stream.aspx`, 'the video player without a video'],
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
    // the root site, and managed paths a tenant added (here /people/), which look the same
    `${TENANT}/Shared%20Documents/Plan.docx`,
    `${TENANT}/Shared%20Documents/Reports/`,
    `${TENANT}/SHARED%20DOCUMENTS/Plan.docx?csf=1&web=1&e=AbCd12`,
    `${TENANT}/people/Lib/Report.docx`,
    `${TENANT}/people/jdoe/Documents/Plan.docx?web=1`,
    // a Loop file in a SharePoint Embedded container
    `${TENANT}/contentstorage/CSP_1a2b3c/Document%20Library/LoopAppData/Notes.loop?d=w1b2c&csf=1&web=1`,
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
    [`${TENANT}/search?q=plan`, 'the search page'],
    [`${TENANT}/sites//Shared%20Documents/Plan.docx`, 'an empty site name'],
    [`${TENANT}/sites/`, 'the sites managed path'],
    [`${TENANT}/teams/Ops`, 'a team site home'],
    [`${TENANT}/contentstorage/CSP_1a2b3c`, 'a container'],
    [`${TENANT}/Shared%20Documents`, 'a root-site library itself'],
    [`${TENANT}/Shared%20Documents/`, 'a root-site library with a slash'],
    [`${TENANT}/Shared%20Documents/Forms/AllItems.aspx`, 'a root-site library view'],
    [`${TENANT}/SitePages/Home.aspx`, 'the root site home page'],
    [`${TENANT}/SitePages/Images/banner.png`, 'inside the root site pages library'],
    [`${TENANT}/Lists/Tasks/Item1`, 'a root-site list'],
    [`${TENANT}/_catalogs/masterpage/seattle.master`, 'the root master page gallery'],
    [`${TENANT}/sites/Team/Shared%20Documents/../SitePages/Home.aspx`, 'a page reached through ..'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('SharePoint pages that name an item by path', () => {
  const PLAN = `${TENANT}/sites/Team/Shared%20Documents/Plan.docx`;
  const REPORTS = `${MY}/personal/megan_contoso_com/Documents/Reports`;

  it.each([
    // OneDrive's classic app and its 2023 successor, showing the folder id names
    [
      `${MY}/personal/megan_contoso_com/_layouts/15/onedrive.aspx?id=%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FReports`,
      REPORTS,
    ],
    [
      `${MY}/personal/megan_contoso_com/_layouts/15/onedrive.aspx?view=0&id=%2Fpersonal%2Fmegan%5Fcontoso%5Fcom%2FDocuments%2FReports`,
      REPORTS,
    ],
    [`${MY}/my?id=%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FReports&ga=1`, REPORTS],
    // library views (any view name) with id, or RootFolder in older views
    [
      `${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx&parent=%2Fsites%2FTeam%2FShared%20Documents`,
      PLAN,
    ],
    [
      `${MY}/personal/megan_contoso_com/Documents/Forms/All.aspx?id=%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FReports&viewid=%7B${GUID}%7D`,
      REPORTS,
    ],
    [
      `${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx?RootFolder=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx&FolderCTID=0x0120`,
      PLAN,
    ],
    // the video player and Excel's older viewer
    [
      `${TENANT}/sites/Team/_layouts/15/stream.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FRecordings%2FStandup.mp4&referrer=StreamWebApp.Web&referrerScenario=AddressBarCopied.view`,
      `${TENANT}/sites/Team/Shared%20Documents/Recordings/Standup.mp4`,
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/xlviewer.aspx?id=/sites/Team/Shared%20Documents/Budget.xlsx&Source=https%3A%2F%2Fcontoso.sharepoint.com`,
      `${TENANT}/sites/Team/Shared%20Documents/Budget.xlsx`,
    ],
    // download.aspx by path: server-relative or absolute on the same host, encoded or written out
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=%2Fsites%2FTeam%2FShared%20Documents%2FPlan%2Edocx`,
      PLAN,
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx`,
      PLAN,
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?sourceurl=https%3A%2F%2FContoso.SharePoint.com%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx`,
      PLAN,
    ],
    // Doc.aspx and its older names with a path instead of the unique id
    [
      `${TENANT}/sites/Team/_layouts/15/WopiFrame.aspx?sourcedoc=/sites/Team/Shared%20Documents/Plan.docx&action=default`,
      PLAN,
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx&action=view`,
      PLAN,
    ],
    // the root site; the page's own scheme; dot segments resolved
    [
      `${TENANT}/_layouts/15/stream.aspx?id=%2FShared%20Documents%2FIntro.mp4`,
      `${TENANT}/Shared%20Documents/Intro.mp4`,
    ],
    [
      `http://contoso.sharepoint.com/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx`,
      'http://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FOld%2F..%2FPlan.docx`,
      PLAN,
    ],
    // `%`, `#` and other scripts are parts of the name
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2F100%25%20C%23%20%D0%9E%D1%82%D1%87%D1%91%D1%82.docx`,
      `${TENANT}/sites/Team/Shared%20Documents/100%25%20C%23%20%D0%9E%D1%82%D1%87%D1%91%D1%82.docx`,
    ],
  ])('sends %s as the item %s', (href, item) => {
    const link = detectShareLink(href);
    expect(link).toEqual({ provider: 'sharepoint', url: item });
    // the item's URL is a link in its own right, so the popup finds both under one URL
    expect(detectShareLink(item)).toEqual(link);
  });

  it.each([
    // another host, however it is written, would show an item the link does not open
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=https://fabrikam.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx`,
      'another tenant',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Plan.docx`,
      "the tenant's other host",
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=//evil.example/sites/Team/Shared%20Documents/Plan.docx`,
      'a scheme-relative URL',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=/%5Cevil.example/sites/Team/Shared%20Documents/Plan.docx`,
      'a backslash',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=https://contoso.sharepoint.com@evil.example/sites/Team/Shared%20Documents/Plan.docx`,
      'a host behind user info',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/download.aspx?SourceUrl=https://user@contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx`,
      'user info',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/WopiFrame.aspx?sourcedoc=https://evil.example/Plan.docx`,
      'a document elsewhere',
    ],
    [
      `${MY}/my?id=%2Fsites%2FTeam%2FShared%20Documents%2FPlan.docx&listurl=https%3A%2F%2Fcontoso.sharepoint.com%2Fsites%2FTeam%2FShared%20Documents`,
      'a path that listurl puts on another host',
    ],
    // not a server-relative path
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=sites%2FTeam%2FShared%20Documents%2FPlan.docx`,
      'a relative path',
    ],
    [`${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=javascript:alert(1)`, 'a script'],
    [
      `${TENANT}/sites/Team/_layouts/15/stream.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FStandup.mp4%3Fweb%3D1`,
      'a path with a query',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/stream.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FStand%0Aup.mp4`,
      'a newline the parser would drop',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/stream.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FStandup.mp4%20`,
      'a trailing space the parser would drop',
    ],
    // a path, but not to an item
    [`${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx`, 'a library view without id'],
    [
      `${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx?viewid=%7B${GUID}%7D`,
      'a library view with only its view id',
    ],
    [
      `${TENANT}/sites/Team/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FTeam%2FShared%20Documents`,
      'a view of the library itself',
    ],
    [`${TENANT}/sites/Team/Shared%20Documents/Forms/DispForm.aspx?ID=5`, 'a list item form'],
    [
      `${TENANT}/sites/Team/Lists/Tasks/AllItems.aspx?id=%2Fsites%2FTeam%2FLists%2FTasks%2FDone`,
      'a list view',
    ],
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam%2FSitePages%2FHome.aspx`,
      'a site page',
    ],
    [`${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam`, 'a site'],
    [
      `${TENANT}/sites/Team/_layouts/15/onedrive.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2F..%2F_layouts%2F15%2Fviewlsts.aspx`,
      'a system page reached through ..',
    ],
    [`${MY}/my`, 'the OneDrive app home'],
    [`${MY}/my?view=0`, 'a OneDrive app view'],
  ])('rejects %s (%s)', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });

  it('resolves any path on the same host to that item, and no path on another host', () => {
    // any file or folder name but dot segments and pages
    const name = fc
      .stringMatching(/^[A-Za-z0-9 ._()'!-]{1,12}$/)
      .filter((n) => n.trim() === n && !/^\.+$/.test(n) && !/\.aspx$/i.test(n));
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(
          'onedrive.aspx?id=',
          'stream.aspx?id=',
          'download.aspx?SourceUrl=',
          'Doc.aspx?sourcedoc=',
        ),
        fc.boolean(),
        (names, page, absolute) => {
          const path = ['', 'sites', 'Team', 'Shared Documents', ...names].join('/');
          const item = new URL(path, TENANT).href;
          const named = (value: string) =>
            `${TENANT}/sites/Team/_layouts/15/${page}${encodeURIComponent(value)}`;
          expect(detectShareLink(named(absolute ? TENANT + path : path))).toEqual({
            provider: 'sharepoint',
            url: item,
          });
          expect(detectShareLink(named(`https://fabrikam.sharepoint.com${path}`))).toBeNull();
        },
      ),
    );
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
