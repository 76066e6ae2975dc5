/**
 * exchangelib (Debian's python3-exchangelib), unchanged, against the emulator: exchangelib-check.py runs in a
 * child process and prints what the client saw as JSON. It covers what ews-javascript-api cannot: exchangelib's
 * version guess (ConvertId, stepping down on ErrorInvalidServerVersion), its auth guess from the 401 challenge,
 * Account.root / calendar / contacts / inbox (GetFolder with t:Mailbox, TimeZoneContext and extra properties), and
 * GetSharingMetadata through a service class written the way exchangelib writes its own.
 *
 * The test needs exchangelib for Debian's /usr/bin/python3 (`.ci/run` installs it). Without it the test fails and
 * says how to install it: it is never skipped.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../server';
import { folderIdOf } from './folders';
import { type ExchangeEmulators, MEGAN, startExchangeEmulators } from './real-clients';

const SCRIPT = fileURLToPath(new URL('./exchangelib-check.py', import.meta.url));
/** Debian's python3 is the one python3-exchangelib installs for; another python3 may come first in PATH. */
const PYTHON =
  process.env.EXCHANGELIB_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const INSTALL = 'apt-get install python3-exchangelib';

type Step<T> = { ok: T } | { error: string; message: string };
interface FolderSeen {
  class: string;
  id: string;
  changekey: string;
  name: string;
  folder_class: string | null;
  parent_id: string | null;
  total_count: number;
  child_folder_count: number;
}
interface SharingSeen {
  response_code: string;
  encrypted_shared_folder_data: string[][];
  invalid_recipients: { smtp: string; code: string; text: string }[];
}
type SharingStep = Step<SharingSeen | { error: string; message: string }>;
interface Seen {
  exchangelib: string;
  auth_type: string;
  server_version: Step<{ api_version: string; build: string }>;
  root: Step<FolderSeen>;
  calendar: Step<FolderSeen>;
  contacts: Step<FolderSeen>;
  inbox: Step<FolderSeen>;
  calendar_by_id: Step<FolderSeen & { same_id: boolean }>;
  sharing: SharingStep;
  sharing_contacts: SharingStep;
  sharing_invalid_smtp: SharingStep;
  sharing_inbox: SharingStep;
  sharing_malformed_id: SharingStep;
  sharing_unknown_id: SharingStep;
  sharing_no_recipients: SharingStep;
  bad_password: Step<FolderSeen>;
  refused_token?: Step<FolderSeen>;
  server_busy?: { error: string; message: string; back_off?: number };
  not_emulated: Step<number>;
}

async function runExchangelib(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Seen> {
  try {
    const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, ...args], {
      // Loopback only: never through a proxy the environment may name for the outside world.
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', ...env },
      timeout: 60_000,
    });
    return JSON.parse(stdout) as Seen;
  } catch (error) {
    const failed = error as { code?: number | string; stderr?: string; message: string };
    if (failed.code === 3 || failed.code === 'ENOENT' || /No module named/.test(failed.stderr ?? '')) {
      throw new Error(
        `exchangelib is missing for ${PYTHON}. Install it with: ${INSTALL} (as root, after apt-get update).\n${failed.stderr ?? failed.message}`,
      );
    }
    throw new Error(`exchangelib-check.py failed: ${failed.stderr || failed.message}`);
  }
}

function ok<T>(step: Step<T> | undefined): T {
  if (!step || !('ok' in step)) throw new Error(`exchangelib failed: ${JSON.stringify(step)}`);
  return step.ok;
}

let emulator: RunningEmulator;
let exchange2010: RunningEmulator;
/** The three runs: Basic with everything guessed, OAuth from a given version, Basic against Exchange 2010. */
let runs: { basic: Seen; oauth: Seen; old: Seen } | undefined;
/** Why the runs failed (exchangelib missing, the script broken): every test fails with it, none is skipped. */
let runError: Error | undefined;

function seen(): { basic: Seen; oauth: Seen; old: Seen } {
  if (!runs) throw runError ?? new Error('exchangelib did not run');
  return runs;
}

let servers: ExchangeEmulators | undefined;

beforeAll(async () => {
  servers = await startExchangeEmulators();
  const { ewsToken, graphToken } = servers;
  ({ emulator, exchange2010 } = servers);
  try {
    // One run at a time: the machine may be busy, and each run is a handful of short requests.
    const basic = await runExchangelib([
      '--url',
      emulator.url,
      '--smtp',
      MEGAN,
      '--password',
      'megan-pass',
      '--server-busy',
    ]);
    // oauthlib takes bearer tokens only over https unless told this is a local test; the emulator is on http here.
    const oauth = await runExchangelib(
      [
        '--url',
        emulator.url,
        '--smtp',
        MEGAN,
        '--token',
        ewsToken,
        '--refused-token',
        graphToken,
        '--version',
        'Exchange2013',
      ],
      { OAUTHLIB_INSECURE_TRANSPORT: '1' },
    );
    const old = await runExchangelib([
      '--url',
      exchange2010.url,
      '--smtp',
      MEGAN,
      '--password',
      'megan-pass',
    ]);
    runs = { basic, oauth, old };
  } catch (error) {
    runError = error as Error;
  }
}, 180_000);

afterAll(() => servers?.close());

describe('exchangelib: connecting', () => {
  it('guesses Basic from the 401 challenge and the version from ServerVersionInfo', () => {
    const { basic } = seen();
    expect(basic.auth_type).toBe('basic');
    expect(ok(basic.server_version)).toEqual({ api_version: 'Exchange2016', build: '15.1.2507.6' });
  });

  it('steps down to the version an Exchange 2010 server reports', () => {
    const { old } = seen();
    expect(ok(old.server_version)).toEqual({ api_version: 'Exchange2010', build: '14.0.639.11' });
    expect(ok(old.calendar).class).toBe('Calendar');
    expect(ok(old.sharing)).toMatchObject({ response_code: 'NoError' });
  });

  it('uses a bearer token of the identity service, and moves up from the version it was given', () => {
    const { oauth } = seen();
    expect(oauth.auth_type).toBe('OAuth 2.0');
    expect(ok(oauth.server_version).api_version).toBe('Exchange2016');
    expect(ok(oauth.calendar).name).toBe('Calendar');
  });

  it('is refused (UnauthorizedError) with a wrong password or a Graph token', () => {
    const { basic, oauth } = seen();
    expect(basic.bad_password).toMatchObject({ error: 'UnauthorizedError' });
    expect(oauth.refused_token).toMatchObject({ error: 'UnauthorizedError' });
  });
});

describe('exchangelib: what the emulator does not do', () => {
  it('raises ErrorInvalidOperation for an operation the emulator lacks (FindItem), without version retries', () => {
    const { basic } = seen();
    expect(basic.not_emulated).toEqual({
      error: 'ErrorInvalidOperation',
      message: 'The emulator does not implement the EWS operation FindItem.',
    });
  });
});

describe('exchangelib: throttling', () => {
  it('reads an injected 503 as the ErrorServerBusy fault and its back-off', () => {
    const { basic } = seen();
    expect(basic.server_busy).toMatchObject({ error: 'ErrorServerBusy', back_off: 30 });
  });
});

describe('exchangelib: folders', () => {
  it('reads account.root first', () => {
    const { basic } = seen();
    expect(ok(basic.root)).toMatchObject({
      class: 'Root',
      id: folderIdOf(MEGAN, 'root'),
      parent_id: null,
      folder_class: null,
      child_folder_count: 1,
    });
  });

  it('reads account.calendar, .contacts and .inbox as their folder classes, under the top of the store', () => {
    const { basic } = seen();
    const parent = folderIdOf(MEGAN, 'msgfolderroot');
    expect(ok(basic.calendar)).toMatchObject({
      class: 'Calendar',
      name: 'Calendar',
      folder_class: 'IPF.Appointment',
      id: folderIdOf(MEGAN, 'calendar'),
      parent_id: parent,
      total_count: 0,
    });
    expect(ok(basic.contacts)).toMatchObject({
      class: 'Contacts',
      name: 'Contacts',
      folder_class: 'IPF.Contact',
      id: folderIdOf(MEGAN, 'contacts'),
      parent_id: parent,
    });
    expect(ok(basic.inbox)).toMatchObject({ class: 'Inbox', name: 'Inbox', folder_class: 'IPF.Note' });
  });

  it('refreshes the calendar by its id and change key', () => {
    const { basic } = seen();
    const again = ok(basic.calendar_by_id);
    expect(again.same_id).toBe(true);
    expect(again.changekey).toBe(ok(basic.calendar).changekey);
    expect(again.name).toBe('Calendar');
  });
});

describe('exchangelib: GetSharingMetadata', () => {
  it('gives one EncryptedSharedFolderData per federated organisation and an InvalidRecipient for the rest', () => {
    const { basic, oauth } = seen();
    for (const run of [basic, oauth]) {
      const sharing = ok(run.sharing) as SharingSeen;
      expect(sharing.response_code).toBe('NoError');
      // alex@ and amy@fabrikam.com are one organisation, nora@northwind.example another.
      expect(sharing.encrypted_shared_folder_data).toEqual([
        [
          '{http://www.w3.org/2001/04/xmlenc#}EncryptedData',
          '{http://www.w3.org/2001/04/xmlenc#}EncryptedData',
        ],
        [
          '{http://www.w3.org/2001/04/xmlenc#}EncryptedData',
          '{http://www.w3.org/2001/04/xmlenc#}EncryptedData',
        ],
      ]);
      expect(sharing.invalid_recipients.map(({ smtp, code }) => [smtp, code])).toEqual([
        ['nobody@not-federated.example', 'RecipientOrganizationNotFederated'],
        ['bob@blocked.example', 'SystemPolicyBlocksSharingWithThisRecipient'],
        ['adele@contoso.com', 'OtherError'],
      ]);
      expect(sharing.invalid_recipients[0]?.text).toBe(
        'The organization of these recipients is not federated for external sharing.',
      );
    }
  });

  it('shares the contacts folder too', () => {
    const { basic } = seen();
    expect(ok(basic.sharing_contacts)).toMatchObject({
      response_code: 'NoError',
      invalid_recipients: [],
      encrypted_shared_folder_data: [expect.any(Array)],
    });
  });

  it('turns operation errors into exchangelib exceptions', () => {
    const { basic } = seen();
    expect(ok(basic.sharing_invalid_smtp)).toEqual({
      error: 'ErrorInvalidSmtpAddress',
      message: 'The SMTP address format is invalid.',
    });
    expect(ok(basic.sharing_inbox)).toMatchObject({ error: 'ErrorInvalidFolderTypeForOperation' });
    expect(ok(basic.sharing_malformed_id)).toMatchObject({ error: 'ErrorInvalidIdMalformed' });
    expect(ok(basic.sharing_unknown_id)).toMatchObject({ error: 'ErrorFolderNotFound' });
  });

  it('raises ErrorSchemaValidation with the violation, line and position when Recipients is missing', () => {
    const { basic } = seen();
    const fault = basic.sharing_no_recipients;
    expect(fault).toMatchObject({ error: 'ErrorSchemaValidation' });
    expect('message' in fault && fault.message).toMatch(
      /^The request failed schema validation\. The element 'GetSharingMetadata' .* has incomplete content\. List of possible elements expected: 'Recipients' .* \(line: \d+ position: \d+\)$/,
    );
  });
});
