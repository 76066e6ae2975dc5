import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectShareLinkUnfiltered } from '../../../links';
import { detectCommonShareLink } from './common-forms';

describe('common share-link forms', () => {
  it.each([
    'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2',
    'https://contoso-my.sharepoint.com/:w:/g/personal/adele_contoso_com/EaBcXyZ?e=W8I5zb',
    'https://contoso.sharepoint.us/:b:/s/Gov/EJzvJxW2?e=9Symu1',
    'https://contoso.sharepoint.com/:x:/r/sites/Finance/Shared%20Documents/Budget.xlsx?d=w1&csf=1&web=1&e=x',
    'https://1drv.ms/w/c/3f8a2c1d9e7b4a60/EYLwEFG1ALFLb2BWXRW0w?e=m2FkkA',
    'https://1drv.ms/x/s!AHpBJez9ypGM7Cwzt2DNKf',
  ])('recognises %s without parsing it, as the full detector does', (url) => {
    expect(detectCommonShareLink(url)).toEqual(detectShareLinkUnfiltered(url));
    expect(detectCommonShareLink(url)).not.toBeNull();
  });

  it.each([
    ' https://contoso.sharepoint.com/:x:/s/Finance/EbC7?e=4fQ2',
    'https://contoso.sharepoint.com/:x:/s/Finance/EbC7?e=4fQ2#frag',
    'https://Contoso.sharepoint.com/:x:/s/Finance/EbC7',
    'https://contoso.sharepoint.com:443/:x:/s/Finance/EbC7',
    'https://contoso.sharepoint.com/:x:/s/../../EbC7',
    'https://contoso.sharepoint.com/:x:/s/%2e%2e/EbC7',
    'https://contoso.sharepoint.com/:x:/s/a\\b',
    'http://contoso.sharepoint.com/:x:/s/Finance/EbC7',
    // list links are no items; after r/, fewer than three segments may name just a site
    'https://contoso.sharepoint.com/:l:/s/Finance/EbC7?e=4fQ2',
    'https://contoso.sharepoint.com/:x:/r/sites/Finance',
    'https://contoso.sharepoint.com/:x:/r/sites/Finance/?e=4fQ2',
    'https://contoso.sharepoint.com/:x:/r/Shared%20Documents/Budget.xlsx',
  ])('leaves %j to the full detector', (url) => {
    expect(detectCommonShareLink(url)).toBeNull();
  });

  it('never disagrees with the full detector', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '..',
      '/',
      '%2e',
      '%2E',
      '%20',
      '%',
      '@',
      ':',
      '\\',
      '?',
      '#',
      '&',
      '=',
      ' ',
      '\t',
      'é',
      '!',
      's!',
      'c/',
    );
    const tail = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    const start = fc.constantFrom(
      'https://contoso.sharepoint.com/:x:/s/',
      'https://contoso-my.sharepoint.com/:w:/g/',
      'https://a.sharepoint-mil.us/:f:/r/',
      'https://contoso.sharepoint.com/:li:/t/',
      'https://contoso.sharepoint.com/:l:/s/',
      'https://contoso.sharepoint.com/:x:/r/',
      'https://contoso.sharepoint.com/:x:/r/sites/',
      'https://contoso.sharepoint.com/:x:/r/teams/Ops/',
      'https://1drv.ms/w/c/3f8a2c1d9e7b4a60/',
      'https://1drv.ms/x/s!',
      'https://1drv.ms/x/',
    );
    fc.assert(
      fc.property(start, tail, tail, (prefix, middle, end) => {
        const url = `${prefix}${middle}${end}`;
        const fast = detectCommonShareLink(url);
        if (fast !== null) expect(detectShareLinkUnfiltered(url)).toEqual(fast);
      }),
      { numRuns: 5000 },
    );
  });
});
