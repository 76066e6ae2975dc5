/**
 * Sign-in state of the emulated identity platform: browser sessions, authorization codes, refresh and access
 * tokens. Tokens are JWT-shaped so clients can decode them; the emulator checks them by lookup, which is why
 * `POST /_emulator/reset {"signOut":true}` can revoke them all.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { guidFrom } from '../../core/http';
import type { User } from './dataset';
import { domainOf } from './users';

export interface Lifetimes {
  accessSec: number;
  refreshSec: number;
  codeSec: number;
}

export interface AuthCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  userId: string;
  scopes: string[];
  tenant: string;
  nonce: string | undefined;
  expiresAt: number;
  used: boolean;
}

interface RefreshRecord {
  clientId: string;
  userId: string;
  scopes: string[];
  tenant: string;
  /** Fixed at first sign-in; rotated tokens inherit it (SPA refresh tokens, reference §5). */
  expiresAt: number;
  issuedAt: number;
  used: boolean;
}

interface AccessRecord {
  userId: string;
  scopes: string[];
  expiresAt: number;
}

export type AccessCheck =
  | { ok: true; userId: string; scopes: string[] }
  | { ok: false; reason: 'invalid' | 'expired' };

export type RefreshLookup =
  | { ok: true; record: RefreshRecord }
  | { ok: false; reason: 'unknown' | 'used' | 'expired'; record?: RefreshRecord };

const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);
/**
 * A resource URI in front of a scope: Graph's own host, a national cloud's (graph.microsoft.us, …) or the
 * emulator's address, which clients use as the Graph host in scope URIs (reference/graph-shares.md §3, §5).
 */
const GRAPH_PREFIX = /^https?:\/\/[^/\s]+\//i;
/** The Microsoft account (consumer) tenant id. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? '').split(/\s+/).filter(Boolean);
}

/** Scopes for a resource (Graph), without the OpenID Connect ones and without the Graph URI prefix. */
export function resourceScopes(scopes: string[]): string[] {
  return scopes
    .filter((scope) => !OIDC_SCOPES.has(scope.toLowerCase()))
    .map((scope) => scope.replace(GRAPH_PREFIX, ''));
}

export function tenantIdOf(user: User): string {
  return user.kind === 'personal' ? CONSUMER_TENANT_ID : guidFrom(`tenant:${domainOf(user.email)}`);
}

function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export class TokenStore {
  private readonly secret = randomBytes(32);
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

  lookupRefresh(token: string): RefreshLookup {
    const record = this.refreshTokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.used) return { ok: false, reason: 'used', record };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired', record };
    return { ok: true, record };
  }

  /** Marks a refresh token as redeemed: rotation makes the old one unusable. */
  retireRefresh(token: string): void {
    const record = this.refreshTokens.get(token);
    if (record) record.used = true;
  }

  /**
   * Issues access, refresh and id tokens. `refreshExpiresAt` carries the original expiry over when a refresh
   * token is rotated.
   */
  issueTokens(input: {
    user: User;
    clientId: string;
    scopes: string[];
    tenant: string;
    nonce?: string | undefined;
    refreshExpiresAt?: number;
    issuerBase: string;
  }): Record<string, unknown> {
    const { user, clientId, scopes } = input;
    const now = Date.now();
    const iat = Math.floor(now / 1000);
    const tid = tenantIdOf(user);
    const accessExpiresAt = now + this.lifetimes.accessSec * 1000;
    const refreshExpiresAt = input.refreshExpiresAt ?? now + this.lifetimes.refreshSec * 1000;
    const scp = resourceScopes(scopes);

    const accessToken = this.sign({
      aud: 'https://graph.microsoft.com',
      iss: `https://sts.windows.net/${tid}/`,
      iat,
      nbf: iat,
      exp: Math.floor(accessExpiresAt / 1000),
      appid: clientId,
      name: user.displayName,
      oid: user.id,
      tid,
      scp: scp.join(' '),
      upn: user.email,
      unique_name: user.email,
      uti: randomToken(12),
      ver: '1.0',
    });
    this.accessTokens.set(accessToken, { userId: user.id, scopes: scp, expiresAt: accessExpiresAt });

    const refreshToken = `0.A${randomToken(48)}`;
    this.refreshTokens.set(refreshToken, {
      clientId,
      userId: user.id,
      scopes,
      tenant: input.tenant,
      expiresAt: refreshExpiresAt,
      issuedAt: now,
      used: false,
    });

    const idToken = this.sign({
      aud: clientId,
      iss: `${input.issuerBase}/${tid}/v2.0`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      sub: guidFrom(`sub:${user.id}:${clientId}`),
      oid: user.id,
      tid,
      name: user.displayName,
      preferred_username: user.email,
      email: user.email,
      ...(input.nonce ? { nonce: input.nonce } : {}),
      ver: '2.0',
    });

    return {
      token_type: 'Bearer',
      scope: scopes.filter((scope) => scope.toLowerCase() !== 'offline_access').join(' '),
      expires_in: this.lifetimes.accessSec,
      ext_expires_in: this.lifetimes.accessSec,
      access_token: accessToken,
      refresh_token: refreshToken,
      // SPA refresh tokens report their fixed remaining lifetime.
      refresh_token_expires_in: Math.max(0, Math.floor((refreshExpiresAt - now) / 1000)),
      id_token: idToken,
    };
  }

  verifyAccess(token: string): AccessCheck {
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: 'invalid' };
    if (Date.now() >= record.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, userId: record.userId, scopes: record.scopes };
  }

  /** Signs everyone out: sessions, codes and tokens. */
  clear(): void {
    this.sessions.clear();
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  private sign(payload: Record<string, unknown>): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ typ: 'JWT', alg: 'HS256' })}.${encode(payload)}`;
    return `${unsigned}.${createHmac('sha256', this.secret).update(unsigned).digest('base64url')}`;
  }
}
