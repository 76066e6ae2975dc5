import { describe, expect, it } from 'vitest';
import { isPageLinksAnswer } from '@/lib/guards';
import { readPageLinksAnswer, shareLinksOf } from './tab-links';

const FILE = 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2';

describe('shareLinksOf', () => {
  it('keeps the share links among what the page found, once per canonical URL, in order', () => {
    expect(
      shareLinksOf([
        { href: 'https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7', text: 'Lookalike' },
        { href: FILE, text: 'Budget' },
        { href: `${FILE}#sheet2`, text: 'Budget, sheet 2' },
        { href: 'https://1drv.ms/w/c/db31c5aff0d22737/EUqSaBc?e=xYz', text: 'Notes' },
      ]),
    ).toEqual([
      { url: FILE, provider: 'sharepoint', text: 'Budget' },
      { url: 'https://1drv.ms/w/c/db31c5aff0d22737/EUqSaBc?e=xYz', provider: 'onedrive', text: 'Notes' },
    ]);
  });
});

describe("the page scan's answer", () => {
  it('is checked before use: wrong shapes and oversized parts are refused', () => {
    expect(isPageLinksAnswer({ anchors: [{ href: FILE, text: 'x' }], pageUrl: 'https://a.example/' })).toBe(
      true,
    );
    for (const hostile of [
      null,
      { anchors: 'all', pageUrl: 'https://a.example/' },
      { anchors: [{ href: 42, text: 'x' }], pageUrl: 'https://a.example/' },
      { anchors: [{ href: FILE, text: 'x'.repeat(121) }], pageUrl: 'https://a.example/' },
      { anchors: [{ href: `${FILE}${'a'.repeat(8200)}`, text: 'x' }], pageUrl: 'https://a.example/' },
      {
        anchors: Array.from({ length: 50_001 }, () => ({ href: FILE, text: '' })),
        pageUrl: 'https://a.example/',
      },
    ]) {
      expect(isPageLinksAnswer(hostile)).toBe(false);
    }
  });
});

describe('readPageLinksAnswer', () => {
  it('reads the JSON text the scan returns, and refuses anything else', () => {
    const answer = { anchors: [{ href: FILE, text: 'Budget' }], pageUrl: 'https://a.example/' };
    expect(readPageLinksAnswer(JSON.stringify(answer))).toEqual(answer);
    expect(readPageLinksAnswer(answer)).toBeUndefined();
    expect(readPageLinksAnswer('{"anchors":')).toBeUndefined();
    expect(readPageLinksAnswer(JSON.stringify({ ...answer, pageUrl: 7 }))).toBeUndefined();
  });
});
