/**
 * Sign-in state of the emulated identity platform: browser sessions, authorization codes, refresh and access
 * tokens. ID tokens are RS256 JWTs (keys.ts); access tokens are JWTs for work accounts and opaque strings for
 * personal ones. The emulator checks access tokens by lookup, which is why `POST /_emulator/reset
 * {"signOut":true}` can revoke them all.
 */
import { randomBytes } from 'node:crypto';
import type { Platform } from './apps';
import type { User } from './dataset';
import { signJwt } from './keys';
import type { Resource, ScopeRequest } from './scopes';
import { objectIdOf, subjectOf, tenantIdOf } from './users';

export interface Lifetimes {
  accessSec: number;
  /** refresh tokens of single-page apps (and of any client when the dataset registers no apps) */
  refreshSec: number;
  codeSec: number;
}

/** Refresh tokens of other clients: 90 days (learn.microsoft.com/entra/identity-platform/refresh-tokens). */
export const PUBLIC_CLIENT_REFRESH_SEC = 90 * 24 * 3600;

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  userId: string;
  /** the scope parameter authorize was given (validated) */
  scope: string;
  tenant: string;
  nonce: string | undefined;
  expiresAt: number;
  used: boolean;
}

export interface RefreshRecord {
  clientId: string;
  userId: string;
  /** the scope the first token request named; a refresh without `scope` asks for it again */
  scope: string;
  tenant: string;
  platform: Platform;
  expiresAt: number;
  issuedAt: number;
}

interface AccessRecord {
  userId: string;
  resource: Resource['id'];
  scopes: string[];
  expiresAt: number;
}

export type AccessCheck =
  | { ok: true; userId: string; resource: Resource['id']; scopes: string[] }
  | { ok: false; reason: 'invalid' | 'expired' };

export type RefreshLookup =
  | { ok: true; record: RefreshRecord }
  | { ok: false; reason: 'unknown' | 'expired'; record?: RefreshRecord };

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** `client_info`: base64url JSON `{uid, utid}`, what MSAL builds its account ids from. */
export function clientInfoOf(user: User): string {
  return Buffer.from(JSON.stringify({ uid: objectIdOf(user), utid: tenantIdOf(user) })).toString('base64url');
}

export class TokenStore {
  private readonly sessions = new Map<string, string>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly accessTokens = new Map<string, AccessRecord>();

  constructor(readonly lifetimes: Lifetimes) {}

  createSession(userId: string): string {
    const id = randomToken(24);
    this.sessions.set(id, userId);
    return id;
  }

  sessionUser(sessionId: string | undefined): string | undefined {
    return sessionId === undefined ? undefined : this.sessions.get(sessionId);
  }

  endSession(sessionId: string | undefined): void {
    if (sessionId !== undefined) this.sessions.delete(sessionId);
  }

  issueCode(code: Omit<AuthCode, 'expiresAt' | 'used'>): string {
    const value = `M.C${randomToken(36)}`;
    this.codes.set(value, { ...code, expiresAt: Date.now() + this.lifetimes.codeSec * 1000, used: false });
    return value;
  }

  code(value: string): AuthCode | undefined {
    return this.codes.get(value);
  }

  /**
   * A refresh token stays valid until it expires, also after it was used: the platform "doesn't revoke old
   * refresh tokens when used to fetch new access tokens" (learn.microsoft.com/entra/identity-platform/refresh-tokens).
   */
  lookupRefresh(token: string): RefreshLookup {
    const record = this.refreshTokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired', record };
    return { ok: true, record };
  }

  /**
   * Issues the token answer for `request` with the `granted` permissions of its resource. A refresh token only
   * for `offline_access`, an ID token only for `openid`, with `name` and `preferred_username` only for
   * `profile` and `email` only for `email` (learn.microsoft.com/entra/identity-platform/scopes-oidc).
   * `refreshExpiresAt` carries a SPA refresh token's fixed expiry over to its successor.
   */
  issueTokens(input: {
    user: User;
    clientId: string;
    platform: Platform;
    request: ScopeRequest;
    /** the scope parameter, kept with the refresh token */
    scope: string;
    granted: string[];
    tenant: string;
    issuerBase: string;
    nonce?: string | undefined;
    refreshExpiresAt?: number;
    clientInfo: boolean;
  }): Record<string, unknown> {
    const { user, clientId, request, granted } = input;
    const now = Date.now();
    const iat = Math.floor(now / 1000);
    const tid = tenantIdOf(user);
    const oid = objectIdOf(user);
    const accessExpiresAt = now + this.lifetimes.accessSec * 1000;

    // Microsoft account tokens for Microsoft's APIs are not JWTs, and no client may read any access token
    // (learn.microsoft.com/entra/identity-platform/access-tokens: "treated as opaque strings").
    const accessToken =
      user.kind === 'personal'
        ? `EwB${randomBytes(600).toString('base64')}`
        : signJwt({
            aud: request.audience,
            iss: `https://sts.windows.net/${tid}/`,
            iat,
            nbf: iat,
            exp: Math.floor(accessExpiresAt / 1000),
            appid: clientId,
            name: user.displayName,
            oid,
            tid,
            scp: granted.join(' '),
            upn: user.email,
            unique_name: user.email,
            uti: randomToken(12),
            ver: '1.0',
          });
    this.accessTokens.set(accessToken, {
      userId: user.id,
      resource: request.resource.id,
      scopes: granted,
      expiresAt: accessExpiresAt,
    });

    // Graph's permissions come back bare ("Files.Read.All"), other resources' with their URI in front.
    const bare = request.resource.id === 'graph' && request.audience === request.resource.uris[0];
    const named = bare ? '' : `${request.audience}/`;
    const scopes = [
      ...granted.map((permission) => `${named}${permission}`),
      ...[...request.oidc].filter((scope) => scope !== 'offline_access'),
    ];
    const answer: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: this.lifetimes.accessSec,
      ext_expires_in: this.lifetimes.accessSec,
      access_token: accessToken,
    };

    if (request.oidc.has('offline_access')) {
      const fixed = input.platform !== 'public';
      const refreshExpiresAt = fixed
        ? (input.refreshExpiresAt ?? now + this.lifetimes.refreshSec * 1000)
        : now + PUBLIC_CLIENT_REFRESH_SEC * 1000;
      const refreshToken = `0.A${randomToken(48)}`;
      this.refreshTokens.set(refreshToken, {
        clientId,
        userId: user.id,
        scope: input.scope,
        tenant: input.tenant,
        platform: input.platform,
        expiresAt: refreshExpiresAt,
        issuedAt: now,
      });
      answer.refresh_token = refreshToken;
      // SPA refresh tokens report their fixed remaining lifetime.
      if (fixed) answer.refresh_token_expires_in = Math.max(0, Math.floor((refreshExpiresAt - now) / 1000));
    }

    if (request.oidc.has('openid')) {
      answer.id_token = signJwt({
        aud: clientId,
        iss: `${input.issuerBase}/${tid}/v2.0`,
        iat,
        nbf: iat,
        exp: iat + 3600,
        sub: subjectOf(user, clientId),
        oid,
        tid,
        ...(request.oidc.has('profile') ? { name: user.displayName, preferred_username: user.email } : {}),
        ...(request.oidc.has('email') ? { email: user.email } : {}),
        ...(input.nonce ? { nonce: input.nonce } : {}),
        ver: '2.0',
      });
    }
    if (input.clientInfo) answer.client_info = clientInfoOf(user);
    return answer;
  }

  verifyAccess(token: string): AccessCheck {
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: 'invalid' };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, userId: record.userId, resource: record.resource, scopes: record.scopes };
  }

  /** Signs everyone out: sessions, codes and tokens. */
  clear(): void {
    this.sessions.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }
}
