/**
 * `npm run emulator -- --port N [--data file.json] [--auto-login | --no-auto-login] [--access-token-lifetime SECONDS]
 * [--refresh-token-lifetime SECONDS] [--host H] [--https | --tls-cert FILE --tls-key FILE]`. Prints
 * `listening on http://127.0.0.1:N` (or https) once listening; with --https a second line names the certificate.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatasetError } from './dataset';
import { type EmulatorOptions, startEmulator } from './server';
import { selfSignedCertificate } from './tls';

const USAGE = `Usage: npm run emulator -- --port N [--data file.json] [--auto-login | --no-auto-login]
       [--access-token-lifetime SECONDS] [--refresh-token-lifetime SECONDS] [--host 127.0.0.1]
       [--https | --tls-cert cert.pem --tls-key key.pem]

--auto-login: sign-in completes at once as the dataset's signedIn user (else the first user). Without either
flag it does when the dataset names a signedIn user. --no-auto-login: the login form always shows.
--https: serve https with a new self-signed certificate for localhost and 127.0.0.1; its file is printed on the
second line (trust it with NODE_EXTRA_CA_CERTS=<file>). --tls-cert/--tls-key: https with your own.

Local emulator of Microsoft Graph (shares) and the Microsoft identity platform. --port 0 picks a free port.
Without --data it serves the demo dataset (emulator/data/demo.json). See emulator/README.md.`;

class UsageError extends Error {}

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`--${name} must be a whole number of seconds ≥ 1`);
  return Number(value);
}

type CliOptions = EmulatorOptions & { https?: true };

function parseOptions(argv: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'auto-login': { type: 'boolean' },
      'no-auto-login': { type: 'boolean' },
      'access-token-lifetime': { type: 'string' },
      'refresh-token-lifetime': { type: 'string' },
      https: { type: 'boolean' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  if (values['auto-login'] && values['no-auto-login'])
    throw new UsageError('--auto-login and --no-auto-login cannot be used together');
  if (Boolean(values['tls-cert']) !== Boolean(values['tls-key']))
    throw new UsageError('--tls-cert and --tls-key go together');
  if (values.https && values['tls-cert'])
    throw new UsageError('--https makes its own certificate: drop --tls-cert');
  const port = values.port ?? '0';
  if (!/^\d+$/.test(port) || Number(port) > 65535)
    throw new UsageError('--port must be a number from 0 to 65535');
  return {
    port: Number(port),
    ...(values.host ? { host: values.host } : {}),
    ...(values.data ? { data: values.data } : {}),
    ...(values['auto-login'] ? { autoLogin: true } : values['no-auto-login'] ? { autoLogin: false } : {}),
    accessTokenLifetimeSec: seconds('access-token-lifetime', values['access-token-lifetime']),
    refreshTokenLifetimeSec: seconds('refresh-token-lifetime', values['refresh-token-lifetime']),
    ...(values['tls-cert'] && values['tls-key']
      ? { tls: { cert: readFileSync(values['tls-cert']), key: readFileSync(values['tls-key']) } }
      : {}),
    ...(values.https ? { https: true } : {}),
  };
}

async function main(): Promise<void> {
  let options: CliOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  let certificateFile: string | undefined;
  try {
    const { https, ...emulatorOptions } = options;
    if (https) {
      const tls = await selfSignedCertificate();
      emulatorOptions.tls = tls;
      certificateFile = join(tmpdir(), `sharelens-emulator-${process.pid}.pem`);
      writeFileSync(certificateFile, tls.cert);
    }
    emulator = await startEmulator(emulatorOptions);
  } catch (error) {
    if (error instanceof DatasetError) console.error(error.message);
    else console.error(`Cannot start the emulator: ${(error as Error).message}`);
    process.exit(1);
  }
  console.log(`listening on ${emulator.url}`);
  if (certificateFile) console.log(`certificate: ${certificateFile}`);
  const stop = () => {
    if (certificateFile) rmSync(certificateFile, { force: true });
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
