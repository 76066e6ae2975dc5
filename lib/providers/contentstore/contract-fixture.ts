/** The ContentStore provider's part in the provider contract test: a configured server, links, and its answers. */
import type { ContractFixture } from '../types';
import { DEFAULT_LINK_PATTERNS } from './patterns';
import type { ContentStoreSettings } from './settings';

export const contentStoreContract: ContractFixture<ContentStoreSettings> = {
  settings: {
    servers: [
      {
        id: 'contoso',
        webAddress: 'https://cs.contoso.com',
        apiPath: 'webconsole/api',
        userName: 'megan',
        linkPatterns: [...DEFAULT_LINK_PATTERNS],
      },
    ],
  },
  links: [
    'https://cs.contoso.com/webconsole/api/contentstore/file/62df0e9f1899425eb98173a8adb802c6',
    'https://cs.contoso.com/webconsole/api/drive/file/7C4E538A-FE86-4E25-AE41-5357AA6FA04E',
    'https://cs.contoso.com/webconsole/publicshare/36',
  ],
  notLinks: [
    'https://cs.contoso.com.evil.example/webconsole/publicshare/36',
    'https://cs.contoso.com:8443/webconsole/publicshare/36',
    'https://cs.contoso.com/webconsole/',
    'https://cs.contoso.com/webconsole/api/contentstore/file/not-a-guid',
    'https://other.contoso.com/webconsole/publicshare/36',
    'https://example.com/?u=https://cs.contoso.com/webconsole/publicshare/36',
  ],
  fileName: 'Budget.xlsx',
  fileReply: () =>
    new Response(
      JSON.stringify({
        fileResource: {
          GUID: '62df0e9f1899425eb98173a8adb802c6',
          name: 'Budget.xlsx',
          path: '\\Budget.xlsx',
          sizeinBytes: 20480,
          file: 1,
          owner: 'megan',
          modifiedTime: 1748592000,
        },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    ),
  // ContentStore's generic error (reference §3.1; the emulator's App_GenericResp).
  errorReply: (status, headers) =>
    new Response(`<App_GenericResp errorCode="${status}" errorString="Contract test error."/>`, {
      status,
      headers: { 'content-type': 'application/xml', ...headers },
    }),
};
