/**
 * The key the emulated identity platform signs ID tokens with: RS256, published as a JWK Set at
 * `/{tenant}/discovery/v2.0/keys` (learn.microsoft.com/entra/identity-platform/id-tokens, "Validate tokens";
 * the signing keys are found through the `jwks_uri` of the OpenID configuration).
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

interface SigningKey {
  privateKey: KeyObject;
  /** the public key as a JWK with `kid`, `use` and `alg` */
  jwk: Record<string, string>;
}

let shared: SigningKey | undefined;

/** One key per process: generating an RSA key takes a moment, and every emulator may publish the same one. */
function signingKey(): SigningKey {
  if (shared) return shared;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638 thumbprint: the members in lexical order, no spaces.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  shared = { privateKey, jwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid, n, e } };
  return shared;
}

/** A compact JWS, RS256, with the key's `kid` in the header. */
export function signJwt(payload: Record<string, unknown>): string {
  const key = signingKey();
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${encode({ typ: 'JWT', alg: 'RS256', kid: key.jwk.kid })}.${encode(payload)}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), key.privateKey).toString('base64url')}`;
}

/** `{"keys":[{kty, use, alg, kid, n, e, issuer}]}` */
export function jwks(issuer: string): { keys: Record<string, string>[] } {
  return { keys: [{ ...signingKey().jwk, issuer }] };
}
