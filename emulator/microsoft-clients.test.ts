/**
 * Microsoft's own clients work against the emulator unchanged: MSAL for Node and the Graph JS SDK, over https
 * (MSAL takes only https authorities, the SDK sends its token only over https). They run in a child process
 * (microsoft-clients.run.ts) that trusts the emulator's self-signed certificate through NODE_EXTRA_CA_CERTS,
 * which Node reads only at start.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DATASET_PATH, loadDataset } from './dataset';
import { type RunningEmulator, startEmulator } from './server';
import { demoLinkUrl, encodeSharingUrl } from './testing';
import { selfSignedCertificate } from './tls';

const CLIENT_ID = 'msal-node-app';
const LABELS = ['big-folder', 'file', 'folder', 'no-access', 'odb-file'];

interface Observed {
  msal: {
    account: { homeAccountId: string; tenantId: string; username: string; name?: string };
    claims: { oid: string; tid: string };
    interactiveScopes: string[];
    refreshed: boolean;
    consentError?: { errorCode: string; subError: string };
    afterConsentScopes: string[];
  };
  graph: {
    pagedNames: number;
    distinctNames: number;
    batch: Record<string, { status: number; name?: string }>;
    retried: string;
  };
}

let emulator: RunningEmulator;
let directory: string;
let observed: Observed;

beforeAll(async () => {
  // A public client (mobile and desktop) with the loopback redirect URI MSAL for Node uses.
  const dataset = {
    ...loadDataset(DEMO_DATASET_PATH),
    apps: [{ clientId: CLIENT_ID, redirectUris: ['http://localhost'] }],
  };
  const tls = await selfSignedCertificate();
  emulator = await startEmulator({ data: dataset, autoLogin: true, tls });
  directory = mkdtempSync(join(tmpdir(), 'emulator-tls-'));
  const caFile = join(directory, 'emulator.pem');
  writeFileSync(caFile, tls.cert);
  const tokens = Object.fromEntries(LABELS.map((label) => [label, encodeSharingUrl(demoLinkUrl(label))]));
  emulator.context.faults.add({
    match: { path: `/shares/${tokens['odb-file']}/driveItem` },
    count: 1,
    status: 429,
    retryAfter: 1,
  });
  const script = fileURLToPath(new URL('./microsoft-clients.run.ts', import.meta.url));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      NODE_EXTRA_CA_CERTS: caFile,
      EMULATOR_URL: emulator.url,
      CLIENT_ID,
      SHARE_TOKENS: JSON.stringify(tokens),
    },
    timeout: 60_000,
  });
  observed = JSON.parse(stdout.trim().split('\n').at(-1)!);
}, 90_000);

afterAll(async () => {
  await emulator?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

function logged(path: string) {
  return emulator.context.log.list().filter((entry) => entry.path.startsWith(path));
}

describe('MSAL for Node', () => {
  it('discovers the endpoints from the OpenID configuration', () => {
    expect(logged('/common/v2.0/.well-known/openid-configuration').length).toBeGreaterThan(0);
  });

  it('signs in with auth code + PKCE and builds the account from client_info and the ID token', () => {
    const { account, claims } = observed.msal;
    expect(account.homeAccountId).toBe(`${claims.oid}.${claims.tid}`);
    expect(account).toMatchObject({
      username: 'megan@contoso.com',
      name: 'Megan Bowen',
      tenantId: claims.tid,
    });
    expect(observed.msal.interactiveScopes).toContain(`${emulator.url}/Files.Read.All`);
  });

  it('refreshes silently', () => {
    expect(observed.msal.refreshed).toBe(true);
  });

  it('asks for interaction when a scope was not consented, and gets it after incremental consent', () => {
    expect(observed.msal.consentError).toEqual({ errorCode: 'invalid_grant', subError: 'consent_required' });
    expect(observed.msal.afterConsentScopes).toContain(`${emulator.url}/Sites.Read.All`);
  });
});

describe('Graph JS SDK', () => {
  it('pages through children with PageIterator', () => {
    expect(observed.graph).toMatchObject({ pagedNames: 250, distinctNames: 250 });
  });

  it('sends $batch with BatchRequestContent and reads each part', () => {
    expect(observed.graph.batch['1']).toMatchObject({ status: 200, name: 'FY26 Budget.xlsx' });
    expect(observed.graph.batch['2']?.status).toBe(200);
    expect(observed.graph.batch['3']?.status).toBe(403);
  });

  it('retries a 429 after Retry-After with its RetryHandler', () => {
    expect(observed.graph.retried).toBe('Partner Proposal.docx');
    const attempts = logged(`/v1.0/shares/${encodeSharingUrl(demoLinkUrl('odb-file'))}/driveItem`);
    expect(attempts.map((entry) => entry.status)).toEqual([429, 200]);
    expect(attempts[1]?.headers['retry-attempt']).toBe('1');
  });
});
