import { describe, expect, it } from 'vitest';
import * as core from './index';

describe('lib/index', () => {
  it('offers detection and the sharing-token codec from one place', () => {
    const link = core.detectShareLink('  https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2#top ');
    expect(link).toEqual({
      provider: 'sharepoint',
      url: 'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcD?e=4fQ2',
    });
    const token = core.encodeSharingUrl(link?.url ?? '');
    expect(core.decodeSharingToken(token)).toBe(link?.url);
    expect(() => core.decodeSharingToken('u!***')).toThrow(core.SharingTokenError);
    expect(core.detectShareLink('https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7')).toBeNull();
  });
});
