/**
 * Microsoft's own clients against the emulator, unchanged: MSAL for Node (discovery, auth code + PKCE through
 * its loopback server, silent refresh, incremental consent) and the Graph JS SDK (paging, `$batch`, its retry on
 * 429). Run by microsoft-clients.test.ts in a child process, with EMULATOR_URL pointing at an https emulator and
 * NODE_EXTRA_CA_CERTS trusting its self-signed certificate; prints what it saw as one JSON line.
 */

import { type AccountInfo, InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-node';
import {
  BatchRequestContent,
  BatchResponseContent,
  Client,
  PageIterator,
} from '@microsoft/microsoft-graph-client';
import { hiddenFields } from './testing';

const url = process.env.EMULATOR_URL ?? '';
const clientId = process.env.CLIENT_ID ?? '';
const tokens = JSON.parse(process.env.SHARE_TOKENS ?? '{}') as Record<string, string>;

/**
 * A browser that follows the sign-in: authorize answers at once for the emulator's signed-in user, with a
 * page that posts the code to MSAL's loopback server (response_mode=form_post), which this posts as a browser
 * would.
 */
async function openBrowser(authorizeUrl: string): Promise<void> {
  const page = await fetch(authorizeUrl);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  if (!action) throw new Error(`authorize answered ${page.status} without a form_post page`);
  await fetch(action.replace(/&amp;/g, '&'), { method: 'POST', body: hiddenFields(html) });
}

async function msal() {
  const host = new URL(url).host;
  const pca = new PublicClientApplication({
    auth: { clientId, authority: `${url}/common`, knownAuthorities: [host] },
  });
  const files = [`${url}/Files.Read.All`];
  const interactive = await pca.acquireTokenInteractive({ scopes: files, openBrowser });
  const account = interactive.account as AccountInfo;
  const silent = await pca.acquireTokenSilent({ account, scopes: files, forceRefresh: true });

  const sites = [`${url}/Sites.Read.All`];
  let consentError: Record<string, string> | undefined;
  try {
    await pca.acquireTokenSilent({ account, scopes: sites, forceRefresh: true });
  } catch (error) {
    if (!(error instanceof InteractionRequiredAuthError)) throw error;
    consentError = { errorCode: error.errorCode, subError: error.subError };
  }
  await pca.acquireTokenInteractive({ scopes: sites, openBrowser, loginHint: account.username });
  const afterConsent = await pca.acquireTokenSilent({ account, scopes: sites, forceRefresh: true });

  return {
    result: {
      account: {
        homeAccountId: account.homeAccountId,
        tenantId: account.tenantId,
        username: account.username,
        name: account.name,
      },
      claims: { oid: account.idTokenClaims?.oid, tid: account.idTokenClaims?.tid },
      interactiveScopes: interactive.scopes,
      refreshed: silent.accessToken !== interactive.accessToken,
      consentError,
      afterConsentScopes: afterConsent.scopes,
    },
    accessToken: silent.accessToken,
  };
}

async function graph(accessToken: string) {
  const client = Client.initWithMiddleware({
    baseUrl: `${url}/`,
    // The SDK sends its token only to Graph's hosts and these, and only over https.
    customHosts: new Set([new URL(url).hostname]),
    authProvider: { getAccessToken: async () => accessToken },
  });

  const names: string[] = [];
  const first = await client.api(`/shares/${tokens['big-folder']}/driveItem/children`).get();
  await new PageIterator(client, first, (item: { name: string }) => {
    names.push(item.name);
    return true;
  }).iterate();

  // The SDK turns each Request into a url relative to the host, so a request names no version.
  const request = (label: string) =>
    new Request(`${url}/shares/${tokens[label]}/driveItem`, { method: 'GET' });
  const batch = new BatchRequestContent([
    { id: '1', request: request('file') },
    { id: '2', request: request('folder') },
    { id: '3', request: request('no-access') },
  ]);
  const answer = new BatchResponseContent(await client.api('/$batch').post(await batch.getContent()));
  const parts: Record<string, { status: number; name?: string }> = {};
  for (const [id, response] of answer.getResponses()) {
    const body = (await response.json()) as { name?: string };
    parts[id] = { status: response.status, ...(body.name ? { name: body.name } : {}) };
  }

  // The test throttles this one request once; the SDK's RetryHandler waits Retry-After and tries again.
  const retried = (await client.api(`/shares/${tokens['odb-file']}/driveItem`).get()) as { name: string };
  return {
    pagedNames: names.length,
    distinctNames: new Set(names).size,
    batch: parts,
    retried: retried.name,
  };
}

const signedIn = await msal();
const graphResult = await graph(signedIn.accessToken);
console.log(JSON.stringify({ msal: signedIn.result, graph: graphResult }));
