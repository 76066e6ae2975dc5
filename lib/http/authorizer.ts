import { type Authorizer, isUnder } from './transport';

/** A request header that carries a credential: `Authorization: Bearer …`, `Authtoken: QSDK …`. */
export interface Credential {
  name: string;
  value: string;
}

/** Where a provider's credential comes from; `forceRefresh` after the API refused the last one. */
export type CredentialSource = (options: { forceRefresh: boolean }) => Promise<Credential | null>;

/**
 * The credential for one operation, sent only to URLs under `scope` (the API base the provider is configured
 * with). It is fetched once, and a 401 earns one forced refresh for the whole operation, so a `$batch` whose
 * parts were refused renews at most once too.
 */
export function operationAuthorizer(scope: string, source: CredentialSource): Authorizer {
  let credential: Credential | null | undefined;
  let renewed = false;
  const read = async (forceRefresh: boolean) => {
    try {
      return await source({ forceRefresh });
    } catch {
      return null; // a source that fails leaves the person where a missing credential does: signing in
    }
  };
  return {
    covers: (url) => isUnder(scope, url),
    async credential() {
      credential ??= await read(false);
      return credential;
    },
    async renew() {
      if (renewed) return false;
      renewed = true;
      const fresh = await read(true);
      if (!fresh) return false;
      credential = fresh;
      return true;
    },
  };
}
