import { describe, expect, it } from 'vitest';
import { detectShareLink, detectShareLinkUnfiltered } from '../../links';
import { DEFAULT_LINK_PATTERNS, matchPattern, patternProblem } from './patterns';
import { ContentStoreServerSchema, ContentStoreSettingsSchema, newServer } from './settings';

const server = {
  id: 'cs1',
  webAddress: 'https://cs.contoso.com',
  apiPath: 'webconsole/api',
  userName: 'megan',
  linkPatterns: [...DEFAULT_LINK_PATTERNS],
};
const emulatorServer = { ...server, id: 'emu', webAddress: 'http://127.0.0.1:4567' };
const options = { providers: { contentstore: { servers: [server, emulatorServer] } } };

describe('ContentStore settings', () => {
  it('accepts a server and normalises its address and path', () => {
    const parsed = ContentStoreServerSchema.parse({
      ...server,
      webAddress: ' https://CS.contoso.com/ ',
      apiPath: '/commandcenter/api/',
    });
    expect(parsed).toMatchObject({ webAddress: 'https://cs.contoso.com', apiPath: 'commandcenter/api' });
  });

  it.each([
    ['webAddress', 'http://cs.contoso.com'],
    ['webAddress', 'https://cs.contoso.com/webconsole'],
    ['webAddress', 'https://user:pw@cs.contoso.com'],
    ['webAddress', 'not a url'],
    ['apiPath', '../admin'],
    ['apiPath', 'web console/api'],
    ['apiPath', ''],
    ['userName', '  '],
    ['linkPatterns', []],
    ['linkPatterns', ['publicshare']],
    ['linkPatterns', ['publicshare/{id}']],
    ['linkPatterns', ['{guid}/file']],
    ['linkPatterns', ['we b/{guid}']],
  ])('refuses %s %j with a message', (key, value) => {
    const result = ContentStoreServerSchema.safeParse({ ...server, [key]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(key);
    expect(result.error?.issues[0]?.message.length).toBeGreaterThan(3);
  });

  it('allows plain http on loopback only (the emulator), and unique ids', () => {
    expect(ContentStoreServerSchema.safeParse(emulatorServer).success).toBe(true);
    expect(ContentStoreSettingsSchema.safeParse({ servers: [server, server] }).success).toBe(false);
    expect(
      ContentStoreServerSchema.safeParse({ ...newServer('x'), webAddress: 'https://a.b', userName: 'u' })
        .success,
    ).toBe(true);
  });

  it('reads patterns: a suffix of the path, `*` one segment, the placeholder last', () => {
    expect(patternProblem('publicshare/{shareId}')).toBeUndefined();
    expect(patternProblem('*/files/{guid}')).toBeUndefined();
    expect(matchPattern('publicshare/{shareId}', '/webconsole/publicshare/36')).toMatchObject({
      kind: 'publicShare',
      shareId: '36',
    });
    expect(
      matchPattern('drive/file/{guid}', '/webconsole/api/drive/file/7C4E538A-FE86-4E25-AE41-5357AA6FA04E'),
    ).toEqual({
      kind: 'item',
      guid: '7c4e538afe864e25ae415357aa6fa04e',
      store: 'drive',
    });
    expect(matchPattern('publicshare/{shareId}', '/webconsole/publicshare/0')).toBeUndefined();
    expect(matchPattern('publicshare/{shareId}', '/webconsole/publicshare/36/extra')).toBeUndefined();
    expect(matchPattern('contentstore/file/{guid}', '/contentstore/file/xyz')).toBeUndefined();
    expect(matchPattern('*/x/{guid}', '/x/62df0e9f1899425eb98173a8adb802c6')).toBeUndefined();
  });
});

describe('ContentStore detection', () => {
  it('claims links on configured servers that match a pattern, ports included', () => {
    for (const href of [
      'https://cs.contoso.com/webconsole/publicshare/36',
      'https://cs.contoso.com/commandcenter/api/contentstore/file/62df0e9f1899425eb98173a8adb802c6#x',
      'http://127.0.0.1:4567/webconsole/api/drive/file/62df0e9f1899425eb98173a8adb802c6',
    ]) {
      expect(detectShareLink(href, options), href).toMatchObject({ provider: 'contentstore' });
      expect(detectShareLinkUnfiltered(href, options)).toEqual(detectShareLink(href, options));
    }
  });

  it('claims nothing else on those hosts, nothing on look-alikes, and nothing without settings', () => {
    for (const href of [
      'https://cs.contoso.com/webconsole/',
      'https://cs.contoso.com/webconsole/api/contentstore/share/10',
      'https://cs.contoso.com.evil.example/webconsole/publicshare/36',
      'https://evil.example/cs.contoso.com/webconsole/publicshare/36',
      'https://user@cs.contoso.com/webconsole/publicshare/36',
      'http://cs.contoso.com/webconsole/publicshare/36',
      'http://127.0.0.1:4568/webconsole/publicshare/36',
      'https://cs.contoso.com:444/webconsole/publicshare/36',
      'https://contoso.sharepoint.com:4567/:x:/s/Finance/EbC7aBcDeFgHiJkLmNoPqRsB',
    ]) {
      expect(detectShareLink(href, options), href).toBeNull();
      expect(detectShareLinkUnfiltered(href, options), href).toBeNull();
    }
    expect(detectShareLink('https://cs.contoso.com/webconsole/publicshare/36')).toBeNull();
  });

  it('keeps Microsoft links working beside configured servers', () => {
    expect(detectShareLink('https://1drv.ms/w/s!AkD9x8cjJ1KxgQaBcDeFgHiJ', options)).toMatchObject({
      provider: 'onedrive',
    });
  });
});
