import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DetectOptions,
  detectShareLink,
  detectShareLinkUnfiltered,
  mightBeShareLink,
  SHARE_LINK_MATCH_PATTERNS,
} from './index';

/** One of each form accepted as written; seeds for the mutation-based property tests. */
const SHARE_LINKS = [
  'https://1drv.ms/u/s!AkL5mNx0XyZ1gQ_abc-123?e=Ab12Cd',
  'https://1drv.ms/u/c/1b2c3d4e5f60718a/EZx_9Kb3-lNGp1ZqWQ?e=xYz123',
  'https://onedrive.live.com/redir?cid=1B2C3D4E5F60718A&resid=1B2C3D4E5F60718A!123&authkey=!AKx9',
  'https://onedrive.live.com/embed?cid=1B2C3D4E5F60718A&resid=1B2C3D4E5F60718A!123&authkey=!AKx9',
  'https://onedrive.live.com/view.aspx?resid=1B2C3D4E5F60718A!123',
  'https://onedrive.live.com/download.aspx?resid=1B2C3D4E5F60718A!123',
  'https://onedrive.live.com/?cid=1B2C3D4E5F60718A&id=1B2C3D4E5F60718A!123',
  'https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/doc.aspx?resid=4a5f8e0c&cid=1b2c3d4e5f60718a',
  'https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/Doc.aspx?sourcedoc=%7B826179ca-a0d7-207b-8053-2e6a00000000%7D',
  'https://onedrive.live.com/edit.aspx?resid=1B2C3D4E5F60718A!123&cid=1B2C3D4E5F60718A',
  'https://onedrive.live.com/:w:/g/personal/1B2C3D4E5F60718A/EZx_9Kb3?e=AbC123&migratedtospo=true',
  'https://contoso-my.sharepoint.com/:w:/g/personal/megan_contoso_com/EbC7kQ2x?e=4fQ2',
  'https://contoso.sharepoint.com/:x:/r/sites/Finance/Shared%20Documents/Budget.xlsx?d=w1b2c&csf=1&e=AbCd',
  'https://contoso-my.sharepoint.com/personal/megan_contoso_com/_layouts/15/guestaccess.aspx?share=EbC7kQ2x',
  'https://contoso.sharepoint.com/sites/Team/_layouts/15/Doc.aspx?sourcedoc=%7B3F2504E0-4F89-11D3-9A0C-0305E82C3301%7D&file=Plan.docx',
  'https://contoso.sharepoint.com/sites/Team/_layouts/15/WopiFrame.aspx?sourcedoc={3F2504E0-4F89-11D3-9A0C-0305E82C3301}',
  'https://contoso-my.sharepoint.com/personal/megan_contoso_com/_layouts/15/download.aspx?share=EbC7',
  'https://contoso.sharepoint.com/sites/Team/_layouts/15/guestaccess.aspx?docid=0a1b2c3d&authkey=AbCdEf',
  'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
  'https://contoso.sharepoint.com/Shared%20Documents/Plan.docx?csf=1&web=1&e=AbCd',
  'https://contoso.sharepoint.com/people/Lib/Report.docx',
  'https://contoso.sharepoint.us/teams/Ops/Shared Documents/Отчёт 報告.docx',
  'https://contoso.sharepoint-mil.us/:f:/s/Marketing/EhXyZ0aB',
  'https://contoso.sharepoint.cn/:p:/t/ProjectX/EQabc',
  'https://contoso.sharepoint.de/:w:/p/john_contoso_com/ERGZUIZ8E0pAuC1oJtwz4dQB',
];

/** Pages that name an item by path, with the item's own URL they are sent as; seeds as well. */
const ITEM_PAGES: ReadonlyArray<readonly [string, string]> = [
  [
    'https://contoso-my.sharepoint.com/personal/megan_contoso_com/_layouts/15/onedrive.aspx?id=%2Fpersonal%2Fmegan_contoso_com%2FDocuments%2FQ3',
    'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Q3',
  ],
  [
    'https://contoso.sharepoint.com/sites/Team/_layouts/15/stream.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FDemo.mp4&referrer=Teams',
    'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Demo.mp4',
  ],
  [
    'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FTeam%2FShared%20Documents%2FQ3&viewid=%7B1%7D',
    'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Q3',
  ],
  [
    'https://onedrive.live.com/personal/1b2c3d4e5f60718a/_layouts/15/download.aspx?SourceUrl=%2Fpersonal%2F1b2c3d4e5f60718a%2FDocuments%2FPlan%2Edocx',
    'https://onedrive.live.com/personal/1b2c3d4e5f60718a/Documents/Plan.docx',
  ],
];

/** Every seed with the canonical URL it is detected as. */
const CANONICAL: ReadonlyArray<readonly [string, string]> = [
  ...SHARE_LINKS.map((link) => [link, link] as const),
  ...ITEM_PAGES,
];
const SEEDS = CANONICAL.map(([link]) => link);

const ORDINARY_LINKS = [
  'https://www.example.com/',
  'https://en.wikipedia.org/wiki/SharePoint',
  'https://github.com/pnp/pnpjs/issues?q=sharepoint+1drv.ms',
  'https://www.google.com/search?q=onedrive.live.com',
  'https://example.com/redirect?to=https://contoso.sharepoint.com/:w:/g/personal/a/EbC7',
  'https://learn.microsoft.com/en-us/sharepoint/dev/',
  'https://www.microsoft.com/microsoft-365/onedrive/online-cloud-storage',
  'http://localhost:3000/sites/Team/Shared%20Documents/Plan.docx',
  '/sites/Team/Shared%20Documents/Plan.docx',
  '#top',
  'mailto:megan@contoso.com?subject=sharepoint',
  'javascript:void(0)',
  '',
];

describe('canonical URL', () => {
  const LINK = 'https://contoso-my.sharepoint.com/:w:/g/personal/megan_contoso_com/EbC7kQ2x';

  it('keeps the query, including the e= link id', () => {
    expect(detectShareLink(`${LINK}?e=4fQ2&at=9`)?.url).toBe(`${LINK}?e=4fQ2&at=9`);
  });

  it('drops the fragment', () => {
    expect(detectShareLink(`${LINK}?e=4fQ2#page=3`)?.url).toBe(`${LINK}?e=4fQ2`);
    expect(detectShareLink(`${LINK}#`)?.url).toBe(LINK);
  });

  it('trims surrounding whitespace, including no-break spaces and line breaks', () => {
    expect(detectShareLink(`  ${LINK}?e=4fQ2\n`)?.url).toBe(`${LINK}?e=4fQ2`);
    expect(detectShareLink(`\t\u00a0${LINK}\u2028`)?.url).toBe(LINK);
    expect(detectShareLink(`${LINK} #frag`)?.url).toBe(LINK);
  });

  it('keeps the string otherwise exactly as written: case, encoding, an empty query', () => {
    for (const href of [
      'HTTPS://Contoso.SharePoint.com/:W:/G/personal/megan_contoso_com/EbC7kQ2x',
      'https://contoso.sharepoint.com/sites/Team/Shared Documents/Plan (final).docx',
      'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan%20(final).docx',
      `${LINK}?`,
    ]) {
      expect(detectShareLink(href)?.url).toBe(href);
    }
  });

  it('accepts an options object; provider settings for fixed hosts change nothing', () => {
    const options: DetectOptions = {};
    expect(detectShareLink(LINK, options)).toEqual(detectShareLink(LINK));
    expect(detectShareLink(LINK, { providers: { graph: { clientId: 'x' } } })).toEqual(detectShareLink(LINK));
  });

  it('refuses links longer than the message protocol carries, short-link form or not', () => {
    const short = `https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=${'a'.repeat(8200)}`;
    const path = `https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/${'a'.repeat(8200)}.xlsx`;
    expect(detectShareLink(short)).toBeNull();
    expect(detectShareLink(path)).toBeNull();
    // Up to the limit they are links like any other.
    const longest = `https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=`;
    expect(detectShareLink(longest + 'a'.repeat(8192 - longest.length))).not.toBeNull();
  });

  it("refuses a page whose item's own URL is longer than the message protocol carries", () => {
    // Each é is one character in the page's query and six (%C3%A9) in the item's path.
    const page = (name: string) =>
      `https://contoso.sharepoint.com/sites/Team/_layouts/15/onedrive.aspx?id=/sites/Team/Shared Documents/${name}`;
    expect(detectShareLink(page('é'.repeat(1300)))?.url).toBe(
      `https://contoso.sharepoint.com/sites/Team/Shared%20Documents/${'%C3%A9'.repeat(1300)}`,
    );
    expect(detectShareLink(page('é'.repeat(1400)))).toBeNull();
  });
});

describe('schemes', () => {
  it('accepts http and https in any case', () => {
    const path = '//contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx';
    for (const scheme of ['https:', 'http:', 'HTTPS:', 'Http:']) {
      expect(detectShareLink(scheme + path)).toEqual({ provider: 'sharepoint', url: scheme + path });
    }
  });

  it.each([
    'javascript:alert(1)//https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'javascript://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'data:text/html,https://contoso.sharepoint.com/:w:/g/personal/a/EbC7',
    'ftp://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'mailto:megan@contoso.sharepoint.com',
    'file://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'wss://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'ms-word:ofe|u|https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
  ])('rejects %s', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('user info and ports', () => {
  it.each([
    'https://sharepoint.com@evil.example/',
    'https://contoso.sharepoint.com@evil.example/sites/Team/Shared%20Documents/Plan.docx',
    'https://1drv.ms@evil.example/u/s!AkL5mNx0XyZ1gQ',
    // user info in front of a genuine host is refused too: a real share link never carries it
    'https://user@contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'https://user:secret@contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'https://@contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
  ])('rejects %s', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });

  it('accepts the scheme default port written out, and keeps it as written', () => {
    for (const href of [
      'https://contoso.sharepoint.com:443/sites/Team/Shared%20Documents/Plan.docx',
      'http://contoso.sharepoint.com:80/sites/Team/Shared%20Documents/Plan.docx',
      'https://1drv.ms:443/u/s!AkL5mNx0XyZ1gQ',
    ]) {
      expect(detectShareLink(href)?.url).toBe(href);
    }
  });

  it.each([
    'https://contoso.sharepoint.com:8443/sites/Team/Shared%20Documents/Plan.docx',
    'https://contoso.sharepoint.com:80/sites/Team/Shared%20Documents/Plan.docx',
    'http://contoso.sharepoint.com:443/sites/Team/Shared%20Documents/Plan.docx',
    'https://contoso.sharepoint.com:0443/sites/Team/Shared%20Documents/Plan.docx',
    'https://contoso.sharepoint.com:/sites/Team/Shared%20Documents/Plan.docx',
    'https://contoso.sharepoint.com:99999/sites/Team/Shared%20Documents/Plan.docx',
    'https://1drv.ms:8080/u/s!AkL5mNx0XyZ1gQ',
  ])('rejects any other port: %s', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });
});

describe('relative, malformed and non-string input', () => {
  it.each([
    '',
    '   ',
    '\n\t',
    '/sites/Team/Shared%20Documents/Plan.docx',
    'sites/Team/Shared%20Documents/Plan.docx',
    '/:w:/g/personal/megan_contoso_com/EbC7',
    '//contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    '1drv.ms/u/s!AkL5mNx0XyZ1gQ',
    'https://',
    'https:///contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'https:/contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'https:contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx',
    'https:\\\\contoso.sharepoint.com\\sites\\Team\\Shared%20Documents\\Plan.docx',
    'https://contoso.sharepoint.com\\sites\\Team\\Shared%20Documents\\Plan.docx',
    'https://[contoso.sharepoint.com]/sites/Team/Shared%20Documents/Plan.docx',
    'https://contoso.sharepoint.com /sites/Team/Shared%20Documents/Plan.docx',
    // the URL parser deletes tabs and newlines inside a URL, so the string would not be the link we checked
    'https://contoso.sharepoint.com/sites/Team/Shared\tDocuments/Plan.docx',
    'https://1drv.ms/u/s!AkL5\nmNx0XyZ1gQ',
    'https://contoso.sharepoint.com/sites/Team/Shared%20Documents/Plan.docx\u0000',
  ])('rejects %j', (href) => {
    expect(detectShareLink(href)).toBeNull();
  });

  it.each([
    null,
    undefined,
    42,
    {},
    [],
    ['https://1drv.ms/u/s!AkL5mNx0XyZ1gQ'],
    new URL('https://1drv.ms/u/s!AkL5mNx0XyZ1gQ'),
    { toString: () => 'https://1drv.ms/u/s!AkL5mNx0XyZ1gQ' },
    Symbol('href'),
  ])('returns null for the non-string %s', (href) => {
    expect(detectShareLink(href as unknown as string)).toBeNull();
    expect(mightBeShareLink(href as unknown as string)).toBe(false);
  });
});

describe('SHARE_LINK_MATCH_PATTERNS', () => {
  /** A browser match pattern as a regular expression; browsers match its path against the path and query. */
  const toRegExp = (pattern: string) => {
    const [, scheme, host, path] = /^(\*|https?):\/\/([^/]+)(\/.*)$/.exec(pattern)!;
    const literal = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    const hostSource = host!.startsWith('*.') ? `(?:[^/]+\\.)?${literal(host!.slice(2))}` : literal(host!);
    const pathSource = path!.split('*').map(literal).join('.*');
    return new RegExp(`^${scheme === '*' ? 'https?' : scheme}://${hostSource}${pathSource}$`);
  };
  const patterns = SHARE_LINK_MATCH_PATTERNS.map(toRegExp);

  it.each(CANONICAL)('cover %s and the URL it is sent as', (link, canonical) => {
    for (const url of [link, canonical]) expect(patterns.some((pattern) => pattern.test(url))).toBe(true);
  });
});

describe('mightBeShareLink', () => {
  it.each(SEEDS)('passes the share link %s', (href) => {
    expect(mightBeShareLink(href)).toBe(true);
    expect(mightBeShareLink(`  ${href.toUpperCase()}#x `)).toBe(true);
  });

  it.each(ORDINARY_LINKS)('stops the ordinary link %j', (href) => {
    expect(mightBeShareLink(href)).toBe(false);
  });
});

/** Edits that break share links in the ways pages and people do: stray characters, cuts, case changes. */
const mutatedShareLink = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(
        fc.constantFrom('insert', 'delete', 'replace', 'upper'),
        fc.nat(),
        fc.oneof(
          fc.constantFrom(
            '@',
            ':',
            ':443',
            ':8080',
            '#',
            '?',
            '/',
            '\\',
            '.',
            '%',
            '%2E',
            ' ',
            '\t',
            '\n',
            '!',
          ),
          fc.constantFrom('.evil.example', 'sharepoint', '1drv.ms', '..', '/_layouts/15/', 'SitePages/'),
          fc.string({ maxLength: 3, unit: 'binary' }),
        ),
      ),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([link, edits]) =>
    edits.reduce((text, [edit, at, piece]) => {
      const i = at % (text.length + 1);
      if (edit === 'insert') return text.slice(0, i) + piece + text.slice(i);
      if (edit === 'delete') return text.slice(0, i) + text.slice(i + piece.length + 1);
      if (edit === 'replace') return text.slice(0, i) + piece + text.slice(i + piece.length);
      return text.slice(0, i) + text.slice(i).toUpperCase();
    }, link),
  );

/** Whitespace and fragments around a link, which must not change what is detected. */
const paddedShareLink = fc
  .tuple(
    fc.constantFrom(...CANONICAL),
    fc.stringMatching(/^[ \t\n\u00a0]{0,3}$/),
    fc.option(fc.tuple(fc.stringMatching(/^ ?$/), fc.string({ maxLength: 8 })), { nil: undefined }),
    fc.stringMatching(/^[ \t\n\u00a0]{0,3}$/),
  )
  .map(([[link, canonical], before, fragment, after]) => ({
    link,
    canonical,
    href: before + link + (fragment === undefined ? '' : `${fragment[0]}#${fragment[1]}`) + after,
  }));

const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.webUrl({
    validSchemes: ['http', 'https', 'ftp', 'javascript', 'data'],
    authoritySettings: { withUserInfo: true, withPort: true },
  }),
  mutatedShareLink,
);

describe('properties', () => {
  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(anyInput, (href) => {
        detectShareLink(href);
        detectShareLinkUnfiltered(href);
        mightBeShareLink(href);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on values that are not strings', () => {
    fc.assert(
      fc.property(
        fc.anything().filter((value) => typeof value !== 'string'),
        (value) => {
          expect(detectShareLink(value as string)).toBeNull();
        },
      ),
    );
  });

  it('the prefilter passes every string the detectors accept', () => {
    // Checked against the detectors without the prefilter, so a prefilter that hides a real link fails here.
    fc.assert(
      fc.property(
        fc.oneof(
          anyInput,
          paddedShareLink.map(({ href }) => href),
        ),
        (href) => {
          if (detectShareLinkUnfiltered(href) !== null) expect(mightBeShareLink(href)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('detectShareLink agrees with the detectors it filters', () => {
    fc.assert(
      fc.property(anyInput, (href) => {
        expect(detectShareLink(href)).toEqual(detectShareLinkUnfiltered(href));
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent: detecting the canonical URL gives the same link', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          mutatedShareLink,
          paddedShareLink.map(({ href }) => href),
        ),
        (href) => {
          const link = detectShareLink(href);
          if (link !== null) expect(detectShareLink(link.url)).toEqual(link);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('ignores surrounding whitespace and the fragment', () => {
    fc.assert(
      fc.property(paddedShareLink, ({ link, canonical, href }) => {
        expect(detectShareLink(href)).toEqual(detectShareLink(link));
        expect(detectShareLink(href)?.url).toBe(canonical);
      }),
    );
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?$/);
  const cloud = fc.constantFrom(
    '.sharepoint.com',
    '.sharepoint.us',
    '.sharepoint-mil.us',
    '.sharepoint.cn',
    '.sharepoint.de',
  );

  it('recognises generated SharePoint short links on every cloud', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
    // Not a list (l), and no managed path first, which after r/ could leave only a site.
    const folder = label.filter((name) => !/^(?:sites|teams|personal|portals|contentstorage)$/.test(name));
    fc.assert(
      fc.property(
        label,
        fc.boolean(),
        cloud,
        fc.stringMatching(/^[a-z]{1,2}$/).filter((type) => type !== 'l'),
        fc.constantFrom('r', 's', 't', 'g', 'p'),
        fc.array(folder, { maxLength: 3 }),
        token,
        fc.option(token, { nil: undefined }),
        (tenant, my, cloud, type, container, path, item, e) => {
          const href = `https://${tenant}${my ? '-my' : ''}${cloud}/:${type}:/${container}/${[...path, item].join('/')}${
            e === undefined ? '' : `?e=${e}`
          }`;
          expect(detectShareLink(href)).toEqual({ provider: 'sharepoint', url: href });
        },
      ),
    );
  });

  it('never claims a list link, nor an r link to just a site, on any cloud', () => {
    fc.assert(
      fc.property(
        label,
        fc.boolean(),
        cloud,
        fc.constantFrom('s', 't', 'g', 'p', 'r'),
        fc.array(label, { minLength: 1, maxLength: 4 }),
        fc.stringMatching(/^[a-z]{1,2}$/),
        fc.constantFrom('sites', 'teams', 'personal'),
        fc.constantFrom('', '/', '?csf=1&web=1&e=AbCd', '/?e=1'),
        (tenant, my, cloud, container, path, type, managed, tail) => {
          const origin = `https://${tenant}${my ? '-my' : ''}${cloud}`;
          expect(detectShareLink(`${origin}/:l:/${container}/${path.join('/')}${tail}`)).toBeNull();
          expect(detectShareLink(`${origin}/:${type}:/r/${managed}/${path[0]}${tail}`)).toBeNull();
        },
      ),
    );
  });

  it('recognises generated 1drv.ms links of both generations', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-zA-Z]{1,2}$/),
        fc.stringMatching(/^[0-9a-f]{8,16}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.boolean(),
        (type, cid, token, legacy) => {
          const href = legacy
            ? `https://1drv.ms/${type}/s!${token}`
            : `https://1drv.ms/${type}/c/${cid}/${token}`;
          expect(detectShareLink(href)).toEqual({ provider: 'onedrive', url: href });
        },
      ),
    );
  });
});
