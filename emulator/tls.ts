/**
 * A self-signed certificate for running the emulator over https, which some clients insist on (MSAL takes only
 * https authorities; the Graph JS SDK sends its token only to https hosts). Clients then trust it through
 * NODE_EXTRA_CA_CERTS, or their own agent.
 */
import { generate } from 'selfsigned';

export interface TlsCredentials {
  /** PEM */
  key: string;
  /** PEM; also what a client has to trust */
  cert: string;
}

/** A certificate for the loopback names (`localhost`, 127.0.0.1, ::1), valid for a week. */
export async function selfSignedCertificate(): Promise<TlsCredentials> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 7 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
