/** The Graph provider's part in the provider contract test: links, and Graph's answers in its own format. */
import type { ContractFixture } from '../types';
import type { GraphSettings } from './settings';

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const BUDGET = {
  id: '01ABCDEF',
  name: 'Budget.xlsx',
  size: 20_480,
  lastModifiedDateTime: '2025-05-30T08:00:00Z',
  webUrl: 'https://contoso.sharepoint.com/sites/Finance/Shared%20Documents/Budget.xlsx',
  file: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
};

export const graphContract: ContractFixture<GraphSettings> = {
  settings: {
    clientId: 'contract-client',
    authority: 'https://login.microsoftonline.com/common',
    graphEndpoint: 'https://graph.microsoft.com/v1.0',
  },
  links: [
    'https://contoso.sharepoint.com/:x:/s/Finance/EbC7aBcDeFgHiJkLmNoPqRsB?e=4fQ2Xy',
    'https://1drv.ms/w/s!AkD9x8cjJ1KxgQaBcDeFgHiJ',
    'https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Plan.docx',
  ],
  notLinks: [
    'https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7',
    'https://example.com/?u=https://contoso.sharepoint.com/:x:/s/A/Eb',
    'https://contoso.sharepoint.com/sites/Finance',
  ],
  fileName: 'Budget.xlsx',
  // The card's preview asks for the item and the link's permission in one `$batch` (reference §1.8).
  fileReply: async (request) => {
    if (!request.url.endsWith('/$batch')) return json(200, BUDGET);
    const { requests } = (await request.json()) as { requests: Array<{ id: string; url: string }> };
    return json(200, {
      responses: requests.map(({ id, url }) =>
        url.endsWith('/permission')
          ? {
              id,
              status: 200,
              body: { id: 'p', roles: ['read'], link: { type: 'view', scope: 'organization' } },
            }
          : { id, status: 200, body: BUDGET },
      ),
    });
  },
  // Graph's error body (reference/graph-shares.md §1.6).
  errorReply: (status, headers) =>
    json(status, { error: { code: `status${status}`, message: 'Contract test error.' } }, headers),
};
