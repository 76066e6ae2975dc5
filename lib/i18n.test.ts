import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { type Catalogue, chromeMessage, readCatalogue, useLocale } from '@/tests/setup/chrome-i18n';
import { formatDateTime, formatItemCount, formatRelative, formatSize, formatTime } from './format';
import { formatNumber, plural, t, tParts, uiLocale } from './i18n';
import { mapGraphError } from './providers/graph/errors';
import { endpointUrl } from './validation';

const LOCALES_DIR = resolve(process.cwd(), 'public/_locales');

describe('t', () => {
  it('reads the English catalogue and fills in substitutions', () => {
    expect(t('signIn')).toBe('Sign in');
    expect(t('signedInAs', 'Megan Bowen')).toBe('Signed in as Megan Bowen');
    expect(t('progress', 12, 40)).toBe('12 of 40');
    expect(t('modifiedWhenBy', '3 days ago', 'Adele Vance')).toBe('3 days ago by Adele Vance');
  });

  it('answers in German when the browser is German', () => {
    useLocale('de');
    expect(t('signIn')).toBe('Mit Microsoft anmelden');
    expect(t('noAccessTitle')).toBe('Zugriff verweigert');
    expect(t('progress', 12, 40)).toBe('12 von 40');
    expect(t('noMatch', 'Budget')).toBe('Kein Link passt zu „Budget“.');
  });

  it('writes numbers in the interface language, grouping from five digits', () => {
    expect(formatNumber(2000)).toBe('2000');
    expect(formatNumber(12345)).toBe('12,345');
    expect(t('truncated', 2000)).toBe('This page has more than 2000 share links; the first 2000 are listed.');
    useLocale('de');
    expect(formatNumber(12345)).toBe('12.345');
    expect(formatNumber(1.5)).toBe('1,5');
  });

  it('shows the key when the catalogue lacks it, and when there is no extension API at all', () => {
    // @ts-expect-error: not a key of the catalogue, which is the point
    expect(t('noSuchMessage')).toBe('noSuchMessage');
    const saved = { chrome: globalThis.chrome, browser: (globalThis as { browser?: unknown }).browser };
    vi.stubGlobal('chrome', undefined);
    vi.stubGlobal('browser', undefined);
    try {
      expect(t('signIn')).toBe('signIn');
      expect(plural('itemCount', 3)).toBe('itemCount_other');
      expect(uiLocale()).toBe('en');
    } finally {
      vi.stubGlobal('chrome', saved.chrome);
      vi.stubGlobal('browser', saved.browser);
    }
  });

  it('splits a message around values that are not text, in each language’s order', () => {
    const name = { bold: 'Megan' };
    expect(tParts('signedInAs', name)).toEqual(['Signed in as ', name]);
    useLocale('de');
    const when = { time: 'vor 3 Tagen' };
    expect(tParts<object>('modifiedWhenBy', when, name)).toEqual([when, ' von ', name]);
  });
});

describe('plural', () => {
  it('picks the English forms', () => {
    expect(plural('itemCount', 1)).toBe('1 item');
    expect(plural('itemCount', 0)).toBe('0 items');
    expect(plural('itemCount', 13)).toBe('13 items');
    expect(plural('shareLinkCount', 45)).toBe('45 share links');
    expect(plural('cacheCleared', 1)).toBe('Cleared 1 cached preview.');
    expect(formatItemCount(1)).toBe('1 item');
    expect(formatItemCount(2)).toBe('2 items');
  });

  it('picks the German forms', () => {
    useLocale('de');
    expect(plural('itemCount', 1)).toBe('1 Element');
    expect(plural('itemCount', 12)).toBe('12 Elemente');
    expect(plural('moreChildren', 1)).toBe('und 1 weiteres');
    expect(plural('moreChildren', 7)).toBe('und 7 weitere');
    expect(plural('shareLinkCount', 1)).toBe('1 Freigabelink');
    expect(plural('cacheCleared', 3)).toBe('3 zwischengespeicherte Vorschauen gelöscht.');
    expect(formatItemCount(12_000)).toBe('12.000 Elemente');
  });

  it('falls back to the _other form for categories a catalogue does not spell out', () => {
    const polish = new Intl.PluralRules('pl').select(3);
    expect(polish).toBe('few');
    vi.spyOn(chrome.i18n, 'getUILanguage').mockReturnValue('pl');
    const getMessage = chrome.i18n.getMessage.bind(chrome.i18n);
    const polishLocale = (name: string, subs?: string | Array<string | number>) =>
      name === 'locale' ? 'pl' : getMessage(name, subs);
    vi.spyOn(chrome.i18n, 'getMessage').mockImplementation(polishLocale as typeof chrome.i18n.getMessage);
    expect(plural('itemCount', 3)).toBe('3 items');
  });
});

describe('uiLocale', () => {
  it('is the catalogue’s language, regional when the browser is a variant of it', () => {
    expect(uiLocale()).toBe('en-US');
    useLocale('de');
    expect(uiLocale()).toBe('de');
    vi.spyOn(chrome.i18n, 'getUILanguage').mockReturnValue('de-AT');
    expect(uiLocale()).toBe('de-AT');
  });

  it('does not use a browser language whose catalogue is missing', () => {
    // A French browser gets the English catalogue: dates inside English sentences must be English.
    vi.spyOn(chrome.i18n, 'getUILanguage').mockReturnValue('fr');
    expect(uiLocale()).toBe('en');
    expect(formatRelative('2026-11-19T12:00:00Z', Date.parse('2026-11-22T12:00:00Z'))).toBe('3 days ago');
  });
});

describe('formatting in German', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');

  it('writes sizes, relative times, dates and times as a German reader expects', () => {
    useLocale('de');
    expect(formatSize(1_258_291)).toBe('1,2 MB');
    expect(formatSize(0)).toBe('0 Byte');
    expect(formatRelative('2026-11-19T12:00:00Z', now)).toBe('vor 3 Tagen');
    expect(formatRelative('2026-11-22T12:05:00Z', now)).toBe('in 5 Minuten');
    expect(formatDateTime('2026-11-19T12:00:00Z')).toMatch(/19\.11\.2026/);
    expect(formatTime(Date.parse('2026-11-22T09:05:00Z'))).toMatch(/^\d{2}:05:00$/);
  });

  it('keeps English as it was', () => {
    expect(formatSize(1_258_291)).toBe('1.2 MB');
    expect(formatRelative('2026-11-19T12:00:00Z', now)).toBe('3 days ago');
  });
});

describe('sentences made in lib/, in German', () => {
  it('explains Graph errors and settings problems in German', () => {
    useLocale('de');
    const now = Date.parse('2026-11-22T12:00:00Z');
    expect(mapGraphError(429, undefined, undefined, { now, retryAt: now + 6 * 60_000 }).message).toBe(
      'Microsoft Graph ist ausgelastet. Versuchen Sie es in 6 Minuten erneut.',
    );
    expect(mapGraphError(403).message).toMatch(/^Sie haben keinen Zugriff auf dieses Element/);
    expect(mapGraphError(500).message).toContain('(Fehler 500)');
    const refused = endpointUrl.safeParse('http://graph.example.com/v1.0');
    expect(refused.success ? '' : refused.error.issues[0]?.message).toMatch(/^Verwenden Sie https:\/\//);
  });
});

describe('catalogues', () => {
  const locales = readdirSync(LOCALES_DIR);
  const english = readCatalogue('en');

  const placeholdersOf = (entry: Catalogue[string]) => {
    const named = [...entry.message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) =>
      (m[1] as string).toLowerCase(),
    );
    const declared = Object.entries(entry.placeholders ?? {}).map(
      ([name, value]) => `${name.toLowerCase()}=${value.content}`,
    );
    return { named: [...new Set(named)].sort(), declared: declared.sort() };
  };

  it('are English and German', () => {
    expect(locales.sort()).toEqual(['de', 'en']);
  });

  for (const locale of ['de']) {
    it(`${locale} has exactly the English keys`, () => {
      expect(Object.keys(readCatalogue(locale)).sort()).toEqual(Object.keys(english).sort());
    });

    it(`${locale} uses the same placeholders as English in every message`, () => {
      const catalogue = readCatalogue(locale);
      for (const [key, entry] of Object.entries(english)) {
        const other = catalogue[key];
        expect(other, key).toBeDefined();
        if (!other) continue;
        expect({ key, ...placeholdersOf(other) }).toEqual({ key, ...placeholdersOf(entry) });
        const numbered = (text: string) => [...text.matchAll(/\$([1-9])/g)].map((m) => m[1]).sort();
        expect(numbered(other.message), key).toEqual(numbered(entry.message));
      }
    });
  }

  it('declare every placeholder they use, with names Chrome accepts, and no empty message', () => {
    for (const locale of locales) {
      const catalogue = readCatalogue(locale);
      const seen = new Set<string>();
      for (const [key, entry] of Object.entries(catalogue)) {
        expect(key, `${locale}:${key}`).toMatch(/^[A-Za-z0-9_]+$/);
        expect(seen.has(key.toLowerCase()), `${locale}:${key} twice`).toBe(false);
        seen.add(key.toLowerCase());
        expect(entry.message.trim(), `${locale}:${key}`).not.toBe('');
        const { named, declared } = placeholdersOf(entry);
        expect(declared.map((each) => each.split('=')[0]).sort(), `${locale}:${key}`).toEqual(named);
      }
    }
  });

  it('spell out every plural category of their language', () => {
    for (const locale of locales) {
      const catalogue = readCatalogue(locale);
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const bases = new Set(
        Object.keys(catalogue)
          .filter((key) => key.endsWith('_other'))
          .map((key) => key.slice(0, -'_other'.length)),
      );
      for (const base of bases) {
        for (const category of categories) {
          expect(catalogue[`${base}_${category}`], `${locale}:${base}_${category}`).toBeDefined();
        }
      }
    }
  });

  it('name their own language in "locale"', () => {
    for (const locale of locales) expect(readCatalogue(locale).locale?.message).toBe(locale);
  });
});

describe('chromeMessage (the test stand-in for getMessage)', () => {
  const catalogue: Catalogue = {
    Greeting: {
      message: 'Hello $who$, you owe $$$amount$ ($1)',
      placeholders: { WHO: { content: '$2' }, amount: { content: '$1' } },
    },
  };

  it('handles named placeholders, $n, $$ and case-insensitive names as Chrome does', () => {
    expect(chromeMessage(catalogue, 'greeting', ['5', 'Ann'])).toBe('Hello Ann, you owe $5 (5)');
    expect(chromeMessage(catalogue, 'GREETING', '5')).toBe('Hello , you owe $5 (5)');
    expect(chromeMessage(catalogue, 'missing')).toBe('');
  });
});
