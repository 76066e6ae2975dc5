import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSharingToken, encodeSharingUrl, SharingTokenError } from './sharing-token';

describe('encodeSharingUrl', () => {
  it('encodes the example from the shares-get documentation', () => {
    const url = 'https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1';
    expect(encodeSharingUrl(url)).toBe(
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });

  it.each([
    ['https://a.b/cde', 0, 'u!aHR0cHM6Ly9hLmIvY2Rl'],
    ['https://a.b/cd', 1, 'u!aHR0cHM6Ly9hLmIvY2Q'],
    ['https://a.b/c', 2, 'u!aHR0cHM6Ly9hLmIvYw'],
  ])('drops every padding character (%s needs %i)', (url, padding, token) => {
    const padded = Buffer.from(url, 'utf8').toString('base64');
    expect(padded.length - padded.replace(/=+$/, '').length).toBe(padding);
    expect(encodeSharingUrl(url)).toBe(token);
  });

  it('replaces every + and / rather than the first of each', () => {
    // Bytes 0xfb 0xff give "+/" in standard base64; repeated, they must all become "-_".
    const url = 'https://x.sharepoint.com/?q=\u{fbff}\u{fbff}>>>???';
    const standard = Buffer.from(url, 'utf8').toString('base64');
    expect((standard.match(/[+/]/g) ?? []).length).toBeGreaterThan(2);
    const token = encodeSharingUrl(url);
    expect(token).not.toMatch(/[+/=]/);
    expect(token.slice(2)).toBe(standard.replace(/=+$/, '').replaceAll('+', '-').replaceAll('/', '_'));
  });

  it('encodes non-Latin file names as UTF-8', () => {
    const url = 'https://contoso.sharepoint.com/sites/Team/Shared Documents/Отчёт 報告.docx';
    expect(encodeSharingUrl(url).slice(2)).toBe(Buffer.from(url, 'utf8').toString('base64url'));
  });
});

describe('decodeSharingToken', () => {
  it('returns the URL a token was made from', () => {
    expect(decodeSharingToken('u!aHR0cHM6Ly9hLmIvY2Rl')).toBe('https://a.b/cde');
  });

  it.each([
    ['', 'empty'],
    ['u!', 'the prefix without a body'],
    ['aHR0cHM6Ly9hLmIvYw', 'no u! prefix'],
    ['u!aHR0cHM6Ly9hLmIvYw==', 'padding left in'],
    ['u!aHR0cHM6Ly9hLmIvYw+/', 'standard alphabet'],
    ['u!aHR0c', 'impossible length'],
    ['u!aHR0cHM6Ly9hLmIvYx', 'non-canonical trailing bits'],
    ['u!_w', 'invalid UTF-8'],
  ])('rejects %j (%s) with a SharingTokenError', (token) => {
    expect(() => decodeSharingToken(token)).toThrow(SharingTokenError);
  });

  it('round-trips any non-empty string and never throws anything but SharingTokenError', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (url) => {
        expect(decodeSharingToken(encodeSharingUrl(url))).toBe(url);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string(), (input) => {
        expect(() => encodeSharingUrl(input)).not.toThrow();
        try {
          decodeSharingToken(input);
        } catch (error) {
          expect(error).toBeInstanceOf(SharingTokenError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
