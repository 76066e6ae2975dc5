/**
 * Property tests for ContentStore detection: with configured servers, `detectShareLink` (fast path and
 * prefilter) agrees with the detectors, never throws, is idempotent, and configured servers change nothing for
 * Microsoft links.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectShareLink, detectShareLinkUnfiltered } from '../../links';
import { DEFAULT_LINK_PATTERNS } from './patterns';

const servers = [
  { id: 'a', webAddress: 'https://cs.contoso.com', linkPatterns: [...DEFAULT_LINK_PATTERNS] },
  { id: 'b', webAddress: 'http://127.0.0.1:4567', linkPatterns: ['*/files/{guid}', 'publicshare/{shareId}'] },
];
const options = { providers: { contentstore: { servers } } };

const SEEDS = [
  'https://cs.contoso.com/webconsole/publicshare/36',
  'https://cs.contoso.com/webconsole/api/contentstore/file/62df0e9f1899425eb98173a8adb802c6',
  'https://cs.contoso.com/commandcenter/api/drive/file/7c4e538a-fe86-4e25-ae41-5357aa6fa04e',
  'http://127.0.0.1:4567/x/files/62df0e9f1899425eb98173a8adb802c6',
  'http://127.0.0.1:4567/webconsole/publicshare/12',
  'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcDeFgHiJkLmNoPqRsB?e=4fQ2Xy',
  'https://1drv.ms/w/s!AkD9x8cjJ1KxgQaBcDeFgHiJ',
];

const mutated = fc
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
            ':4567',
            ':8080',
            '#',
            '?',
            '/',
            '\\',
            '.',
            '%2E',
            ' ',
            '\t',
            '0',
            'publicshare/',
          ),
          fc.constantFrom('.evil.example', 'cs.contoso.com', '127.0.0.1', '..', '{guid}'),
          fc.string({ maxLength: 3, unit: 'binary' }),
        ),
      ),
      { minLength: 0, maxLength: 4 },
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

describe('ContentStore detection, as properties', () => {
  it('the fast path agrees with the detectors, and nothing throws', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string(), fc.webUrl()), (href) => {
        expect(detectShareLink(href, options)).toEqual(detectShareLinkUnfiltered(href, options));
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent, and claims only the configured origins', () => {
    fc.assert(
      fc.property(mutated, (href) => {
        const link = detectShareLink(href, options);
        if (link === null) return;
        expect(detectShareLink(link.url, options)).toEqual(link);
        if (link.provider === 'contentstore')
          expect(servers.map((server) => server.webAddress)).toContain(new URL(link.url).origin);
      }),
      { numRuns: 3000 },
    );
  });

  it('changes nothing for links that are not on a configured server', () => {
    fc.assert(
      fc.property(mutated, (href) => {
        const link = detectShareLink(href, options);
        if (link?.provider !== 'contentstore') expect(link).toEqual(detectShareLink(href));
      }),
      { numRuns: 3000 },
    );
  });
});
