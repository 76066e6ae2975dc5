/**
 * Conformance of the Graph shares routes with reference/graph-shares.md (§1.1–§1.6, §7) and the shares-get seed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Dataset, DEMO_DATASET_PATH, loadDataset } from '../../dataset';
import { type RunningEmulator, startEmulator } from '../../server';
import { DEMO_PASSWORDS, demoLinkUrl, encodeSharingUrl, signIn } from '../../testing';
import { graphUserIdOf } from '../identity/users';

let emulator: RunningEmulator;
let base: string;
const tokens: Record<string, string> = {};
const demo: Dataset = loadDataset(DEMO_DATASET_PATH);

async function tokenFor(email: string, scope?: string, clientId?: string): Promise<string> {
  const set = await signIn(base, {
    email,
    password: DEMO_PASSWORDS[email] ?? '',
    ...(scope ? { scope } : {}),
    ...(clientId ? { clientId } : {}),
  });
  return set.access_token;
}

beforeAll(async () => {
  emulator = await startEmulator({ autoLogin: true });
  base = emulator.url;
  tokens.megan = (await signIn(base)).access_token; // auto-login session: the dataset's signedIn user
  tokens.adele = await tokenFor('adele@contoso.com');
  tokens.alex = await tokenFor('alex@fabrikam.com');
  tokens.dan = await tokenFor('dan.jump@outlook.com');
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${base}/_emulator/reset`, { method: 'POST' });
});

function shareGet(
  urlOrToken: string,
  path = '/driveItem',
  options: { as?: string; headers?: Record<string, string> } = {},
) {
  const token = urlOrToken.startsWith('http') ? encodeSharingUrl(urlOrToken) : urlOrToken;
  return fetch(`${base}/v1.0/shares/${token}${path}`, {
    headers: { Authorization: `Bearer ${tokens[options.as ?? 'megan']}`, ...options.headers },
  });
}

async function expectShareDenied(response: Response, personal = false) {
  expect(response.status).toBe(403);
  const body = await response.json();
  expect(body.error.code).toBe('accessDenied');
  expect(body.error.message).toBe(
    'The sharing link no longer exists, or you do not have permission to access it.',
  );
  if (personal) {
    expect(body.error['@onedrive.linkFeatures']).toEqual([]);
    expect(body.error['onedrive.linkFeatures@odata.type']).toBe('#Collection(oneDrive.linkFeatures)');
  } else {
    expect(body.error).not.toHaveProperty('@onedrive.linkFeatures');
  }
}

/** A demo user's id in Graph identity sets. */
function userId(id: string): string {
  return graphUserIdOf(demo.users.find((user) => user.id === id)!);
}

function itemsOfLink(label: string) {
  const link = demo.links.find((candidate) => candidate.label === label)!;
  const find = (items: Dataset['drives'][number]['items']): (typeof items)[number] | undefined => {
    for (const item of items) {
      if (item.id === link.item) return item;
      const inside = item.children && find(item.children);
      if (inside) return inside;
    }
    return undefined;
  };
  for (const drive of demo.drives) {
    const item = find(drive.items);
    if (item) return { item, drive };
  }
  throw new Error(label);
}

describe('share tokens (reference §1.1, §7.1)', () => {
  // URLs whose UTF-8 length leaves 0, 1 and 2 bytes over (so 0, 2 and 1 `=` dropped), and one whose standard
  // base64 has several `+` and `/`.
  const vectorBase = 'https://contoso.sharepoint.com/:w:/s/Vectors/E';
  const byRemainder = [0, 1, 2].map((remainder) => {
    let url = `${vectorBase}Qx`;
    while (Buffer.byteLength(url) % 3 !== remainder) url += 'z';
    return `${url}?e=abc`;
  });
  // In base64 of ASCII text only the third byte of each 3-byte group can give `+` ('~', '>') or `/` ('?').
  let plusSlash = `${vectorBase}Pl`;
  while (plusSlash.length % 3 !== 0) plusSlash += 'x';
  plusSlash += 'xx~xx>xx?xx?';
  let vectors: RunningEmulator;
  let vectorToken: string;

  beforeAll(async () => {
    const urls = [...byRemainder, plusSlash];
    const dataset = {
      users: [{ id: 'u', displayName: 'U', email: 'u@contoso.com', password: 'p', kind: 'work' }],
      drives: [
        {
          id: 'd',
          kind: 'business',
          owner: 'u',
          items: urls.map((_, index) => ({ id: `item-${index}`, name: `Vector ${index}.docx`, size: 100 })),
        },
      ],
      links: urls.map((url, index) => ({ url, item: `item-${index}`, type: 'view', scope: 'organization' })),
    } as Dataset;
    vectors = await startEmulator({ data: dataset, autoLogin: true });
    vectorToken = (await signIn(vectors.url)).access_token;
  });
  afterAll(() => vectors.close());

  const get = (segment: string) =>
    fetch(`${vectors.url}/v1.0/shares/${segment}/driveItem`, {
      headers: { Authorization: `Bearer ${vectorToken}` },
    });

  it('covers the three padding lengths and multiple + and / characters', () => {
    const paddings = byRemainder.map(
      (url) => (Buffer.from(url).toString('base64').match(/=*$/)?.[0] ?? '').length,
    );
    expect(paddings.sort()).toEqual([0, 1, 2]);
    expect(Buffer.from(plusSlash).toString('base64')).toMatch(/\+.*\+/);
    expect(Buffer.from(plusSlash).toString('base64')).toMatch(/\/.*\//);
  });

  it('resolves an exactly encoded token for every padding length and for + and / characters', async () => {
    for (const [index, url] of [...byRemainder, plusSlash].entries()) {
      const response = await get(encodeSharingUrl(url));
      expect(response.status).toBe(200);
      expect((await response.json()).name).toBe(`Vector ${index}.docx`);
    }
  });

  it('rejects tokens that keep their padding with 400 invalidRequest "Invalid shares key."', async () => {
    const padded = byRemainder
      .map((url) => Buffer.from(url).toString('base64'))
      .filter((standard) => standard.endsWith('='))
      .map((standard) => `u!${standard.replace(/\+/g, '-').replace(/\//g, '_')}`);
    expect(padded).toHaveLength(2); // one with "=", one with "=="
    for (const token of padded) {
      const response = await get(token);
      expect(response.status).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('invalidRequest');
      expect(body.error.message).toBe('Invalid shares key.');
    }
  });

  it('rejects the first-match-only replace bug (PnPjs, reference §1.1) as a malformed key', async () => {
    const standard = Buffer.from(plusSlash).toString('base64').replace(/=+$/, '');
    const buggy = `u!${standard.replace('/', '_').replace('+', '-')}`;
    expect(buggy).toMatch(/[+/]/);
    const response = await get(encodeURIComponent(buggy));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('Invalid shares key.');
  });

  it('rejects other malformed keys with 400 and never 404', async () => {
    const malformed = [
      'u!',
      'u!abc!def',
      'U!aHR0cHM6Ly9j',
      'x!aHR0cHM6Ly9j',
      'aHR0cHM6Ly9jb250b3Nv',
      'u!aHR0c', // a dangling character (length % 4 == 1)
      'u!aGl', // "hi" with non-zero leftover bits: not what an encoder produces
      'u!_w', // byte 0xFF: not UTF-8
    ];
    for (const segment of malformed) {
      const response = await get(encodeURIComponent(segment));
      expect(response.status, segment).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe('invalidRequest');
    }
  });

  it('decodes Unicode URLs as UTF-8: an unknown Unicode URL is a 403, not a malformed key', async () => {
    const response = await get(
      encodeSharingUrl('https://contoso.sharepoint.com/sites/Global/Отчёт 売上.docx'),
    );
    await expectShareDenied(response);
  });

  it('accepts a percent-encoded "!" in the key', async () => {
    const token = encodeSharingUrl(byRemainder[0]!).replace('!', '%21');
    expect((await get(token)).status).toBe(200);
  });
});

describe('link matching', () => {
  it('matches the exact URL, the URL with another ?e= value, and the URL without a query', async () => {
    const url = demoLinkUrl('file');
    const bare = url.slice(0, url.indexOf('?'));
    for (const variant of [url, `${bare}?e=zz`, bare]) {
      const response = await shareGet(variant);
      expect(response.status, variant).toBe(200);
      expect((await response.json()).name).toBe('FY26 Budget.xlsx');
    }
  });

  it('does not normalise anything else (a trailing slash or :443 is another link)', async () => {
    const url = new URL(demoLinkUrl('file'));
    await expectShareDenied(await shareGet(`${url.origin}${url.pathname}/`));
    await expectShareDenied(await shareGet(`https://contoso.sharepoint.com:443${url.pathname}${url.search}`));
  });

  it('accepts a raw legacy personal share id s!… (reference §1.1, onedrive-api-docs #1197)', async () => {
    const legacy = demoLinkUrl('legacy-personal');
    const shareId = new URL(legacy).pathname.split('/').find((segment) => segment.startsWith('s!'))!;
    const response = await shareGet(shareId);
    expect(response.status).toBe(200);
    const item = await response.json();
    expect(item.name).toBe('Expenses 2026.xlsx');
    expect(item.parentReference.driveType).toBe('personal');
    await expectShareDenied(await shareGet('s!AUnknownLegacyId123'), true);
  });

  it('resolves new personal /c/ links, national-cloud links and percent-encoded Unicode links', async () => {
    const personal = await (await shareGet(demoLinkUrl('personal'))).json();
    expect(personal.name).toBe('Trip itinerary.docx');
    const gov = await (await shareGet(demoLinkUrl('gov'))).json();
    expect(gov.file.mimeType).toBe('application/pdf');
    expect(new URL(gov.webUrl).host).toBe('contoso.sharepoint.us');
    const unicode = await (await shareGet(demoLinkUrl('unicode'))).json();
    expect(unicode.name).toBe('Отчёт о продажах 2026 — 売上報告.docx');
    expect(new URL(unicode.webUrl).pathname).toContain('/sites/Global/Shared%20Documents/');
  });
});

describe('access rules', () => {
  const status = async (label: string, as: string) =>
    (await shareGet(demoLinkUrl(label), '/driveItem', { as })).status;

  it('organization: work accounts of the owner’s domain and the owner; not other tenants or personal accounts', async () => {
    expect(await status('file', 'megan')).toBe(200);
    expect(await status('file', 'adele')).toBe(200);
    expect(await status('file', 'alex')).toBe(403);
    expect(await status('file', 'dan')).toBe(403);
  });

  it('users: only the listed users and the owner', async () => {
    expect(await status('no-access', 'alex')).toBe(200);
    expect(await status('no-access', 'adele')).toBe(200);
    await expectShareDenied(await shareGet(demoLinkUrl('no-access')));
  });

  it('anonymous: any signed-in user', async () => {
    for (const user of ['megan', 'alex', 'dan']) expect(await status('personal', user)).toBe(200);
  });

  it('revoked: nobody, not even the owner', async () => {
    await expectShareDenied(await shareGet(demoLinkUrl('revoked')));
    expect(await status('revoked', 'adele')).toBe(403);
  });

  it('gives the same 403 (never 404) for a link that does not exist; personal links add linkFeatures (§1.6)', async () => {
    await expectShareDenied(await shareGet('https://contoso.sharepoint.com/:w:/s/Nowhere/EMissing?e=1'));
    await expectShareDenied(await shareGet('https://1drv.ms/w/c/0123456789abcdef/EMissing?e=1'), true);
    await expectShareDenied(await shareGet(demoLinkUrl('file'), '', { as: 'alex' }));
    await expectShareDenied(await shareGet(demoLinkUrl('file'), '/permission', { as: 'alex' }));
  });

  it('a folder link gives access to the items inside it (children listing)', async () => {
    const response = await shareGet(demoLinkUrl('folder'), '/driveItem/children');
    expect(response.status).toBe(200);
    const { value } = await response.json();
    expect(value.map((item: { name: string }) => item.name)).toContain('Photos');
  });
});

describe('redeem (reference §1.3, §7.6)', () => {
  const mustRedeem = () => demoLinkUrl('must-redeem');

  it('answers 403 for an unredeemed mustRedeem link', async () => {
    await expectShareDenied(await shareGet(mustRedeem()));
  });

  it('redeemSharingLinkIfNecessary grants access for that request only', async () => {
    const response = await shareGet(mustRedeem(), '/driveItem', {
      headers: { Prefer: 'redeemSharingLinkIfNecessary' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBe('redeemSharingLinkIfNecessary');
    await expectShareDenied(await shareGet(mustRedeem()));
  });

  it('redeemSharingLink grants durable access until the emulator is reset', async () => {
    const response = await shareGet(mustRedeem(), '', { headers: { Prefer: 'redeemSharingLink' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBe('redeemSharingLink');
    const later = await shareGet(mustRedeem());
    expect(later.status).toBe(200);
    expect(later.headers.get('preference-applied')).toBeNull();
    await fetch(`${base}/_emulator/reset`, { method: 'POST' });
    await expectShareDenied(await shareGet(mustRedeem()));
  });

  it('redeeming does not let in someone outside the link’s audience', async () => {
    const response = await shareGet(mustRedeem(), '', {
      as: 'alex',
      headers: { Prefer: 'redeemSharingLink' },
    });
    await expectShareDenied(response);
    expect(response.headers.get('preference-applied')).toBeNull();
  });

  it('grants are per user', async () => {
    await shareGet(mustRedeem(), '', { headers: { Prefer: 'redeemSharingLink' } });
    expect((await shareGet(mustRedeem(), '', { as: 'adele' })).status).toBe(200); // the owner never needs it
    expect((await shareGet(mustRedeem(), '', { as: 'alex' })).status).toBe(403);
  });
});

describe('item URLs: an item’s own URL instead of a sharing link (reference §3)', () => {
  const FINANCE = 'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents';
  const MARKETING = 'https://contoso.sharepoint.com/sites/Marketing/Shared%20Documents';
  const ADELE_ODB = 'https://contoso-my.sharepoint.com/personal/adele_contoso_com/Documents';
  const status = async (url: string, as: string) => (await shareGet(url, '/driveItem', { as })).status;

  it('resolves a file’s own URL (its webUrl) to the item when a link gives the user access', async () => {
    const viaLink = await (await shareGet(demoLinkUrl('file'))).json();
    expect(viaLink.webUrl).toBe(`${FINANCE}/FY26%20Budget.xlsx`);
    const response = await shareGet(viaLink.webUrl);
    expect(response.status).toBe(200);
    const item = await response.json();
    expect(item).toMatchObject({ id: viaLink.id, name: 'FY26 Budget.xlsx', webUrl: viaLink.webUrl });
    // The organization link leaves out other tenants, so their own URL does too.
    await expectShareDenied(await shareGet(viaLink.webUrl, '/driveItem', { as: 'alex' }));
  });

  it('treats %20 and spaces, host and escape case, :443, a query, a fragment and a trailing slash as the same URL', async () => {
    const variants = [
      'https://contoso.sharepoint.com/sites/Finance/Shared Documents/FY26 Budget.xlsx',
      new URL('https://contoso.sharepoint.com/sites/Finance/Shared Documents/FY26 Budget.xlsx').href,
      'HTTPS://Contoso.SharePoint.com/sites/Finance/Shared%20Documents/FY26%20Budget.xlsx',
      'https://contoso.sharepoint.com:443/sites/Finance/Shared%20Documents/FY26%20Budget.xlsx',
      `${FINANCE}/FY26%20Budget.xlsx?web=1&e=abc`,
      `${FINANCE}/FY26%20Budget.xlsx#top`,
      `${FINANCE}/FY26%20Budget.xlsx/`,
    ];
    for (const variant of variants) {
      const response = await shareGet(encodeSharingUrl(variant)); // shareGet encodes only what starts with `http`
      expect(response.status, variant).toBe(200);
      expect((await response.json()).name).toBe('FY26 Budget.xlsx');
    }
    const unicode = await (await shareGet(demoLinkUrl('unicode'))).json();
    const name = 'Отчёт о продажах 2026 — 売上報告.docx';
    for (const variant of [
      unicode.webUrl.replace(/%[0-9A-F]{2}/g, (hex: string) => hex.toLowerCase()),
      `https://contoso.sharepoint.com/sites/Global/Shared Documents/${name}`,
    ]) {
      const response = await shareGet(variant);
      expect(response.status, variant).toBe(200);
      expect((await response.json()).name).toBe(name);
    }
  });

  it('resolves a child inside a shared folder, at any depth, and the folders in it', async () => {
    const child = await shareGet(`${MARKETING}/Campaign%20Assets/Launch%20plan.docx`);
    expect(child.status).toBe(200);
    expect((await child.json()).name).toBe('Launch plan.docx');
    const photo = await (await shareGet(`${MARKETING}/Campaign Assets/Photos/Booth 1.jpg`)).json();
    expect(photo).toMatchObject({ name: 'Booth 1.jpg', parentReference: { name: 'Photos' } });
    const folder = await shareGet(`${MARKETING}/Campaign%20Assets/Photos/`, '/driveItem/children');
    expect(folder.status).toBe(200);
    expect((await folder.json()).value).toHaveLength(3);
  });

  it('grants nothing by itself: without a link the user can use, the shares 403; the owner still reads it', async () => {
    const fabrikam = `${ADELE_ODB}/Fabrikam%20Contract.docx`; // link for alex only
    await expectShareDenied(await shareGet(fabrikam));
    expect(await status(fabrikam, 'alex')).toBe(200);
    expect(await status(fabrikam, 'adele')).toBe(200);
    const priceList = `${ADELE_ODB}/Price%20list%202025.xlsx`; // its only link is revoked
    await expectShareDenied(await shareGet(priceList));
    expect(await status(priceList, 'adele')).toBe(200);
    const forecast = `${FINANCE}/Q1%20Forecast.xlsx`; // no link at all
    await expectShareDenied(await shareGet(forecast));
    expect(await status(forecast, 'adele')).toBe(200);
  });

  it('counts a mustRedeem link only once redeemed: a Prefer header with an item URL redeems nothing', async () => {
    const roadmap = `${ADELE_ODB}/Roadmap%202026%20draft.docx`;
    await expectShareDenied(await shareGet(roadmap));
    const preferred = await shareGet(roadmap, '/driveItem', { headers: { Prefer: 'redeemSharingLink' } });
    await expectShareDenied(preferred);
    expect(preferred.headers.get('preference-applied')).toBeNull();
    await shareGet(demoLinkUrl('must-redeem'), '', { headers: { Prefer: 'redeemSharingLink' } });
    expect(await status(roadmap, 'megan')).toBe(200);
  });

  it('answers an unknown path like a missing link: 403, never 404; personal hosts add linkFeatures (§1.6)', async () => {
    await expectShareDenied(await shareGet(`${FINANCE}/Missing.xlsx`));
    await expectShareDenied(await shareGet(`${FINANCE}/FY26%20Budget.xlsx/More`));
    await expectShareDenied(
      await shareGet('https://fabrikam.sharepoint.com/sites/Finance/Shared%20Documents/FY26%20Budget.xlsx'),
    );
    await expectShareDenied(
      await shareGet('https://1drv.ms/personal/3f8a2c1d9e7b4a60/Documents/Missing.docx'),
      true,
    );
  });
});

describe('item URLs: the emulator’s own escapes and dataset webUrl overrides', () => {
  const TEAM = 'https://contoso.sharepoint.com/sites/Team/Shared%20Documents';
  let custom: RunningEmulator;
  const customTokens: Record<string, string> = {};

  beforeAll(async () => {
    const dataset = {
      users: ['owner', 'reader'].map((id) => ({
        id,
        displayName: id,
        email: `${id}@contoso.com`,
        password: 'p',
        kind: 'work',
      })),
      drives: [
        {
          id: 'd',
          kind: 'business',
          owner: 'owner',
          items: [
            {
              id: 'reports',
              name: 'Reports',
              children: [{ id: 'budget', name: 'Budget [draft] (v2) #1.xlsx' }],
            },
            {
              id: 'legacy',
              name: 'Legacy.docx',
              webUrl: 'https://contoso.sharepoint.com/sites/Old/Lib/Legacy%20File.docx',
            },
          ],
        },
      ],
      links: [
        {
          url: 'https://contoso.sharepoint.com/:f:/s/Team/EReports?e=1',
          item: 'reports',
          type: 'view',
          scope: 'organization',
        },
      ],
    } as Dataset;
    custom = await startEmulator({ data: dataset });
    for (const id of ['owner', 'reader']) {
      customTokens[id] = (
        await signIn(custom.url, { email: `${id}@contoso.com`, password: 'p' })
      ).access_token;
    }
  });
  afterAll(() => custom.close());

  const get = (url: string, as: string) =>
    fetch(`${custom.url}/v1.0/shares/${encodeSharingUrl(url)}/driveItem`, {
      headers: { Authorization: `Bearer ${customTokens[as]}` },
    });

  it('matches the emulator’s encodeURIComponent escapes with what the URL parser writes', async () => {
    // The URL parser keeps [ ] in a path; encodeURIComponent writes %5B %5D. A # in a name is %23 in both.
    const parsed = new URL(`${TEAM}/Reports/Budget [draft] (v2) %231.xlsx`).href;
    expect(parsed).toBe(`${TEAM}/Reports/Budget%20[draft]%20(v2)%20%231.xlsx`);
    const response = await get(parsed, 'reader');
    expect(response.status).toBe(200);
    const item = await response.json();
    expect(item.id).toBe('budget');
    expect(item.webUrl).toBe(`${TEAM}/Reports/Budget%20%5Bdraft%5D%20(v2)%20%231.xlsx`);
  });

  it('finds an item at its dataset webUrl, not at the derived one; without a link only its owner reads it', async () => {
    const legacy = 'https://contoso.sharepoint.com/sites/Old/Lib/Legacy File.docx';
    const response = await get(legacy, 'owner');
    expect(response.status).toBe(200);
    expect((await response.json()).webUrl).toBe(
      'https://contoso.sharepoint.com/sites/Old/Lib/Legacy%20File.docx',
    );
    await expectShareDenied(await get(legacy, 'reader'));
    await expectShareDenied(await get(`${TEAM}/Legacy.docx`, 'owner'));
  });
});

describe('authentication (reference §7.3)', () => {
  it('answers 401 InvalidAuthenticationToken without a token, with a Bearer challenge', async () => {
    const response = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    const body = await response.json();
    expect(body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('answers 401 for an unknown token, also before looking at a malformed share key', async () => {
    for (const token of ['not-a-token', `${tokens.megan}x`]) {
      const response = await fetch(`${base}/v1.0/shares/u!!!/driveItem`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('invalid_token');
      expect((await response.json()).error.code).toBe('InvalidAuthenticationToken');
    }
  });

  it('answers 403 to a token without a Files scope', async () => {
    // Another app: a token carries every permission the user consented to for its app and resource.
    const token = await tokenFor(
      'megan@contoso.com',
      'openid https://graph.microsoft.com/Mail.Read',
      'mail-app',
    );
    const response = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });

  it('accepts Files scopes named with a national cloud or the emulator as the resource', async () => {
    for (const resource of ['https://graph.microsoft.us', base]) {
      const token = await tokenFor('megan@contoso.com', `openid ${resource}/Files.Read.All`);
      const response = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
  });
});

describe('error shape (reference §1.6, §7.4)', () => {
  it('is {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}} with a request-id header', async () => {
    const response = await fetch(`${base}/v1.0/shares/u!broken!/driveItem`, {
      headers: { Authorization: `Bearer ${tokens.megan}`, 'client-request-id': 'my-correlation-id' },
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(Object.keys(body.error)).toEqual(['code', 'message', 'innerError']);
    expect(Object.keys(body.error.innerError).sort()).toEqual(['client-request-id', 'date', 'request-id']);
    expect(body.error.innerError['client-request-id']).toBe('my-correlation-id');
    expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it('is the shape of injected faults too, with the usual code for the status', async () => {
    const path = `/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`;
    for (const [status, code] of [
      [500, 'generalException'],
      [503, 'serviceNotAvailable'],
      [404, 'itemNotFound'],
    ] as const) {
      await fetch(`${base}/_emulator/faults`, {
        method: 'POST',
        body: JSON.stringify({ match: { path }, status }),
      });
      const response = await shareGet(demoLinkUrl('file'), '/driveItem', {
        headers: { 'client-request-id': 'fault-correlation' },
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = await response.json();
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error)).toEqual(['code', 'message', 'innerError']);
      expect(body.error.code).toBe(code);
      expect(Object.keys(body.error.innerError)).toEqual(['date', 'request-id', 'client-request-id']);
      expect(body.error.innerError['client-request-id']).toBe('fault-correlation');
      expect(body.error.innerError['request-id']).toBe(response.headers.get('request-id'));
    }
  });

  it('answers 400 for unknown segments', async () => {
    const response = await shareGet(demoLinkUrl('file'), '/driveItem/nonsense');
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("'nonsense'");
  });
});

describe('sharedDriveItem, driveItem and permission', () => {
  it('GET /shares/{t} returns {id, name, owner}', async () => {
    const response = await shareGet(demoLinkUrl('file'), '');
    expect(response.status).toBe(200);
    const shared = await response.json();
    expect(shared).toMatchObject({
      name: 'FY26 Budget.xlsx',
      owner: { user: { displayName: 'Adele Vance' } },
    });
    // The share's own id, not the item's (shares-get seed: the two examples differ).
    expect(shared.id).toBe(encodeSharingUrl(demoLinkUrl('file')));
    expect(shared.id).not.toBe(itemsOfLink('file').item.id);
  });

  it('returns a complete file driveItem (§1.4, §7.7)', async () => {
    const item = await (await shareGet(demoLinkUrl('file'))).json();
    const { item: source, drive } = itemsOfLink('file');
    expect(item).toMatchObject({
      id: source.id,
      name: 'FY26 Budget.xlsx',
      size: source.size,
      createdBy: { user: { id: userId('adele'), displayName: 'Adele Vance', email: 'adele@contoso.com' } },
      lastModifiedBy: {
        user: { id: userId('megan'), displayName: 'Megan Bowen', email: 'megan@contoso.com' },
      },
      createdDateTime: source.created,
      lastModifiedDateTime: source.modified,
      fileSystemInfo: { createdDateTime: source.created, lastModifiedDateTime: source.modified },
      parentReference: { driveId: drive.id, driveType: 'business' },
      shared: { scope: 'organization', owner: { user: { id: userId('adele') } } },
      file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(item.file.hashes.quickXorHash).toBeTypeOf('string');
    expect(item).not.toHaveProperty('folder');
    expect(item.eTag).toMatch(/^"\{[0-9A-F-]{36}\},\d+"$/);
    expect(item.cTag).toMatch(/^"c:\{[0-9A-F-]{36}\},\d+"$/);
    expect(item.parentReference.path).toMatch(/^\/drives\/.+\/root:/);
    const webUrl = new URL(item.webUrl);
    expect(webUrl.protocol).toBe('https:');
    expect(webUrl.host).toBe('contoso.sharepoint.com');
    expect(webUrl.pathname).toBe('/sites/Finance/Shared%20Documents/FY26%20Budget.xlsx');
  });

  it('gives files a downloadUrl that works without auth, and /content a 302 to it', async () => {
    const item = await (await shareGet(demoLinkUrl('file'))).json();
    const download = await fetch(item['@microsoft.graph.downloadUrl']);
    expect(download.status).toBe(200);
    expect((await download.arrayBuffer()).byteLength).toBe(item.size);
    const content = await fetch(
      `${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem/content`,
      {
        headers: { Authorization: `Bearer ${tokens.megan}` },
        redirect: 'manual',
      },
    );
    expect(content.status).toBe(302);
    expect(content.headers.get('location')).toBe(item['@microsoft.graph.downloadUrl']);
  });

  it('gives folders folder.childCount, the summed size, and no file facet or downloadUrl', async () => {
    const item = await (await shareGet(demoLinkUrl('folder'))).json();
    const { item: source } = itemsOfLink('folder');
    const total = (items: typeof source.children): number =>
      (items ?? []).reduce(
        (sum, child) => sum + (child.children ? total(child.children) : (child.size ?? 0)),
        0,
      );
    expect(item.folder).toEqual({ childCount: source.children!.length });
    expect(item.size).toBe(total(source.children));
    expect(item).not.toHaveProperty('file');
    expect(item).not.toHaveProperty('@microsoft.graph.downloadUrl');
  });

  it('derives webUrl from OneDrive for Business short links on the link’s host', async () => {
    const item = await (await shareGet(demoLinkUrl('odb-file'))).json();
    expect(item.webUrl).toBe(
      'https://contoso-my.sharepoint.com/personal/adele_contoso_com/Documents/Partner%20Proposal.docx',
    );
  });

  it('GET /permission returns the link’s permission', async () => {
    const url = demoLinkUrl('folder');
    const permission = await (await shareGet(url, '/permission')).json();
    expect(permission).toMatchObject({
      roles: ['write'],
      link: { type: 'edit', scope: 'organization', webUrl: url, preventsDownload: false },
      shareId: encodeSharingUrl(url),
    });
    expect(permission.id).toBeTypeOf('string');
    const view = await (await shareGet(demoLinkUrl('file'), '/permission')).json();
    expect(view.roles).toEqual(['read']);
  });

  it('accepts the driveItem segment in any case, $-less options and /beta', async () => {
    const token = encodeSharingUrl(demoLinkUrl('folder'));
    const response = await fetch(
      `${base}/beta/shares/${token}/driveitem?expand=children&select=name,folder`,
      {
        headers: { Authorization: `Bearer ${tokens.megan}` },
      },
    );
    expect(response.status).toBe(200);
    const item = await response.json();
    expect(item.name).toBe('Campaign Assets');
    expect(item.children.length).toBe(13);
    expect(item).not.toHaveProperty('size');
  });
});

describe('$expand, $select and paging (reference §1.4, §1.5)', () => {
  it('$expand=children lists a folder’s children; a file gets no children', async () => {
    const folder = await (await shareGet(demoLinkUrl('folder'), '/driveItem?$expand=children')).json();
    expect(folder.children).toHaveLength(13);
    const photos = folder.children.find((child: { name: string }) => child.name === 'Photos');
    expect(photos.folder.childCount).toBe(3);
    const file = await (await shareGet(demoLinkUrl('file'), '/driveItem?$expand=children')).json();
    expect(file.children ?? []).toEqual([]);
  });

  it('$expand=thumbnails gives small/medium/large URLs served by the emulator outside /v1.0', async () => {
    const item = await (await shareGet(demoLinkUrl('file'), '/driveItem?$expand=thumbnails')).json();
    expect(item.thumbnails).toHaveLength(1);
    const [set] = item.thumbnails;
    expect(set.id).toBe('0');
    expect(set.small).toMatchObject({ width: 96, height: 72 });
    expect(set.medium).toMatchObject({ width: 176, height: 132 });
    expect(set.large).toMatchObject({ width: 800, height: 600 });
    expect(set.medium.url).toBe(`${base}/thumbnails/${encodeURIComponent(item.id)}/medium.png`);
    const png = await fetch(set.medium.url, { headers: { Origin: 'chrome-extension://abc' } });
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(png.headers.get('access-control-allow-origin')).toBe('*');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(176);
    expect(bytes.readUInt32BE(20)).toBe(132);
    const other = await (await shareGet(demoLinkUrl('odb-file'), '/driveItem/thumbnails')).json();
    const otherPng = Buffer.from(await (await fetch(other.value[0].medium.url)).arrayBuffer());
    expect(otherPng.equals(bytes)).toBe(false);
  });

  it('supports $expand=children,thumbnails together; items without thumbnails get []', async () => {
    const folder = await (
      await shareGet(demoLinkUrl('folder'), '/driveItem?$expand=children,thumbnails')
    ).json();
    expect(folder.children).toHaveLength(13);
    expect(folder.thumbnails).toEqual([]);
  });

  it('$select returns only the listed properties', async () => {
    const item = await (await shareGet(demoLinkUrl('file'), '/driveItem?$select=name,size')).json();
    const keys = Object.keys(item).filter((key) => !key.startsWith('@odata'));
    expect(keys.sort()).toEqual(['name', 'size']);
  });

  it('pages /children at 200 with @odata.nextLink and $skiptoken', async () => {
    const first = await (await shareGet(demoLinkUrl('big-folder'), '/driveItem/children')).json();
    expect(first.value).toHaveLength(200);
    expect(first['@odata.nextLink']).toContain('$skiptoken=');
    const second = await (
      await fetch(first['@odata.nextLink'], { headers: { Authorization: `Bearer ${tokens.megan}` } })
    ).json();
    expect(second.value).toHaveLength(50);
    expect(second).not.toHaveProperty('@odata.nextLink');
    const names = new Set([...first.value, ...second.value].map((item: { name: string }) => item.name));
    expect(names.size).toBe(250);
  });

  it('honours $top across pages', async () => {
    const sizes: number[] = [];
    let url: string | undefined =
      `${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('big-folder'))}/driveItem/children?$top=100`;
    while (url) {
      const page: { value: unknown[]; '@odata.nextLink'?: string } = await (
        await fetch(url, { headers: { Authorization: `Bearer ${tokens.megan}` } })
      ).json();
      sizes.push(page.value.length);
      url = page['@odata.nextLink'];
    }
    expect(sizes).toEqual([100, 100, 50]);
  });

  it('gives expanded children beyond 200 a children@odata.nextLink yielding {value, @odata.nextLink}', async () => {
    const folder = await (await shareGet(demoLinkUrl('big-folder'), '/driveItem?$expand=children')).json();
    expect(folder.children).toHaveLength(200);
    expect(folder.folder.childCount).toBe(250);
    const rest = await (
      await fetch(folder['children@odata.nextLink'], { headers: { Authorization: `Bearer ${tokens.megan}` } })
    ).json();
    expect(rest.value).toHaveLength(50);
    expect(rest).not.toHaveProperty('name');
  });

  it('supports $expand=children($select=…;$top=N)', async () => {
    const folder = await (
      await shareGet(demoLinkUrl('big-folder'), '/driveItem?$expand=children($select=id,name;$top=5)')
    ).json();
    expect(folder.children).toHaveLength(5);
    expect(Object.keys(folder.children[0]).sort()).toEqual(['id', 'name']);
    expect(folder['children@odata.nextLink']).toContain('$top=5');
  });

  it('orders children with $orderby', async () => {
    const { value } = await (
      await shareGet(demoLinkUrl('folder'), '/driveItem/children?$orderby=size desc')
    ).json();
    const sizes = value.map((item: { size: number }) => item.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('rejects $skip, $filter and $top on a single item with 400 (§1.5)', async () => {
    for (const path of [
      '/driveItem/children?$skip=10',
      '/driveItem/children?$filter=size gt 1',
      '/driveItem?$top=5',
    ]) {
      const response = await shareGet(demoLinkUrl('folder'), path);
      expect(response.status, path).toBe(400);
      expect((await response.json()).error.code).toBe('invalidRequest');
    }
  });

  it('rejects $expand=thumbnails on a business children collection (§1.4) but allows it on a single item', async () => {
    expect((await shareGet(demoLinkUrl('folder'), '/driveItem/children?$expand=thumbnails')).status).toBe(
      400,
    );
    expect((await shareGet(demoLinkUrl('folder'), '/driveItem?$expand=thumbnails')).status).toBe(200);
  });

  it('fails /children of a file: only folders have children (shares-get seed)', async () => {
    const response = await shareGet(demoLinkUrl('file'), '/driveItem/children');
    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('invalidRequest');
  });

  it('serves /root and /items/{id} for personal shares only (§1.2)', async () => {
    const personal = await shareGet(demoLinkUrl('personal'), '/root');
    expect(personal.status).toBe(200);
    const item = await personal.json();
    const byId = await shareGet(demoLinkUrl('personal'), `/items/${encodeURIComponent(item.id)}`);
    expect((await byId.json()).name).toBe('Trip itinerary.docx');
    const business = await shareGet(demoLinkUrl('file'), '/root');
    expect(business.status).toBe(400);
  });
});

describe('CORS', () => {
  const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

  it('answers a preflight with the request origin and the headers and methods Graph allows', async () => {
    const response = await fetch(`${base}/v1.0/shares/${encodeSharingUrl(demoLinkUrl('file'))}/driveItem`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'authorization,prefer,client-request-id',
      },
    });
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    const allowed = response.headers.get('access-control-allow-headers')!.toLowerCase();
    for (const header of ['authorization', 'prefer', 'content-type', 'client-request-id'])
      expect(allowed).toContain(header);
    const methods = response.headers.get('access-control-allow-methods')!;
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) expect(methods).toContain(method);
  });

  it('exposes request-id and Preference-Applied but not Retry-After, as Graph does (docs-contrib #2011)', async () => {
    const response = await shareGet(demoLinkUrl('file'), '/driveItem', { headers: { Origin: origin } });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    const exposed = response.headers.get('access-control-expose-headers')!;
    for (const header of ['request-id', 'client-request-id', 'Preference-Applied', 'ETag', 'Location'])
      expect(exposed).toContain(header);
    expect(exposed).not.toMatch(/retry-after|ratelimit/i);
    const denied = await shareGet(demoLinkUrl('file'), '', { as: 'alex', headers: { Origin: origin } });
    expect(denied.headers.get('access-control-allow-origin')).toBe(origin);
  });
});
