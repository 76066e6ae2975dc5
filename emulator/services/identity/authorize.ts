/**
 * The browser side of the identity platform under `/{tenant}/oauth2/v2.0/`: authorize, with a real HTML sign-in
 * form and a session cookie, and logout (reference §5).
 */
import { createHash } from 'node:crypto';
import { type ApiRequest, clientRequestId, empty, type Reply } from '../../core/http';
import { type Client, redirectUriAllowed } from './apps';
import type { User } from './dataset';
import type { IdentityState } from './index';
import { isScopeProblem, parseScopes, type ScopeRequest, splitScopes } from './scopes';
import { unknownAppText } from './token';
import { clientInfoOf } from './tokens';

export const SESSION_COOKIE = 'emulator_session';
const PROMPTS = new Set(['none', 'login', 'consent', 'select_account']);
/** Form fields the sign-in page carries over as hidden inputs. */
const AUTHORIZE_PARAMS = [
  'client_id',
  'response_type',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'login_hint',
  'nonce',
  'response_mode',
  'client_info',
] as const;

/** Cookies of a request by name. */
function cookies(headers: Record<string, string>): Map<string, string> {
  const result = new Map<string, string>();
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) result.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return result;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

// ── authorize ──────────────────────────────────────────────────────────────────────────────────────────────

type AuthorizeParams = Partial<Record<(typeof AUTHORIZE_PARAMS)[number], string>>;

function authorizeParams(source: URLSearchParams): AuthorizeParams {
  const params: AuthorizeParams = {};
  for (const name of AUTHORIZE_PARAMS) {
    const value = source.get(name);
    if (value !== null) params[name] = value;
  }
  return params;
}

function page(
  status: number,
  title: string,
  content: string,
  headers: Record<string, string> = {},
  script = '',
): Reply {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; background: #f2f2f2; margin: 0; }
  main { max-width: 380px; margin: 10vh auto; background: #fff; padding: 44px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
  h1 { font-size: 24px; font-weight: 600; margin: 0 0 16px; }
  label { display: block; margin-top: 16px; font-size: 14px; }
  input[type=email], input[type=password] { width: 100%; box-sizing: border-box; padding: 6px 0; border: 0;
    border-bottom: 1px solid #666; font-size: 15px; }
  button { margin-top: 24px; background: #0067b8; color: #fff; border: 0; padding: 8px 32px; font-size: 15px; }
  .error { color: #e81123; }
  .note { color: #666; font-size: 12px; margin-top: 24px; }
</style>
</head>
<body>
<main>
${content}
<p class="note">Local emulator of the Microsoft identity platform — not a Microsoft page.</p>
</main>
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;
  // Scripts are blocked, except the one inline script this page carries (by its hash).
  const scripts = script ? ` 'sha256-${createHash('sha256').update(script).digest('base64')}'` : " 'none'";
  return {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; script-src${scripts}`,
      'Cache-Control': 'no-store',
      ...headers,
    },
    body: html,
  };
}

function errorPage(req: ApiRequest, code: number, text: string): Reply {
  return page(
    400,
    'Sign in to your account',
    `<h1>Sorry, but we’re having trouble signing you in.</h1>
<p class="error" role="alert">AADSTS${code}: ${escapeHtml(text)}</p>
<p>Request Id: ${escapeHtml(req.requestId)}<br>Correlation Id: ${escapeHtml(clientRequestId(req))}</p>`,
  );
}

function loginForm(
  req: ApiRequest,
  params: AuthorizeParams,
  options: { email?: string; error?: string; status?: number } = {},
): Reply {
  const hidden = AUTHORIZE_PARAMS.filter((name) => params[name] !== undefined)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params[name]!)}">`)
    .join('\n');
  const email = options.email ?? params.login_hint ?? '';
  return page(
    options.status ?? 200,
    'Sign in to your account',
    `<h1>Sign in</h1>
<p>to continue to app ${escapeHtml(params.client_id ?? '')}</p>
<form method="post" action="${escapeHtml(req.pathname)}">
${hidden}
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ''}
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(email)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>`,
  );
}

/**
 * `response_mode=form_post`: a page that posts the answer to the redirect URI at once, as MSAL for Node's
 * loopback server requires (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow,
 * "response_mode … form_post").
 */
function formPost(redirectUri: string, values: URLSearchParams, headers: Record<string, string>): Reply {
  const inputs = [...values]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return page(
    200,
    'Working...',
    `<form method="post" action="${escapeHtml(redirectUri)}">
${inputs}
<noscript><p>Script is disabled. Select Submit to continue.</p><button type="submit">Submit</button></noscript>
</form>`,
    headers,
    'document.forms[0].submit()',
  );
}

/**
 * `redirect_uri?error=…&error_description=AADSTS…&state=…`, in the fragment with response_mode=fragment, or
 * posted with response_mode=form_post.
 */
function redirectTo(
  params: AuthorizeParams,
  values: Record<string, string>,
  headers: Record<string, string> = {},
): Reply {
  if (params.response_mode === 'form_post') {
    const fields = new URLSearchParams(values);
    if (params.state !== undefined) fields.set('state', params.state);
    return formPost(params.redirect_uri!, fields, { 'Cache-Control': 'no-store', ...headers });
  }
  const url = new URL(params.redirect_uri!);
  const result = new URLSearchParams(params.response_mode === 'fragment' ? '' : url.search);
  for (const [name, value] of Object.entries(values)) result.set(name, value);
  if (params.state !== undefined) result.set('state', params.state);
  if (params.response_mode === 'fragment') url.hash = result.toString();
  else url.search = result.toString();
  return empty(302, { Location: url.toString(), 'Cache-Control': 'no-store', ...headers });
}

function redirectError(params: AuthorizeParams, error: string, code: number, text: string): Reply {
  return redirectTo(params, { error, error_description: `AADSTS${code}: ${text}` });
}

/** A valid authorize request: its client and what its scope asks for. */
interface Authorization {
  client: Client;
  scopes: ScopeRequest;
}

/**
 * Validates an authorize request. Without a known client_id or an allowed redirect_uri the platform shows an
 * error page (it cannot trust the redirect); other problems are redirected back as `error=…`.
 */
function checkAuthorize(
  state: IdentityState,
  req: ApiRequest,
  params: AuthorizeParams,
  tenant: string,
  baseUrl: string,
): Authorization | Reply {
  if (!params.client_id) {
    return errorPage(req, 900144, "The request body must contain the following parameter: 'client_id'.");
  }
  const client = state.apps.client(params.client_id);
  if (!client) return errorPage(req, 700016, unknownAppText(params.client_id, tenant));
  if (!params.redirect_uri || !redirectUriAllowed(client, params.redirect_uri)) {
    return errorPage(
      req,
      50011,
      `The redirect URI '${params.redirect_uri ?? ''}' specified in the request does not match the redirect URIs ` +
        `configured for the application '${params.client_id}'.` +
        (client.redirectUris
          ? ''
          : ' Without app registrations the emulator accepts https://*.chromiumapp.org, ' +
            'https://*.extensions.allizom.org and http loopback addresses.'),
    );
  }
  if (
    params.response_mode !== undefined &&
    !['query', 'fragment', 'form_post'].includes(params.response_mode)
  ) {
    return redirectError(
      params,
      'invalid_request',
      900144,
      `response_mode '${params.response_mode}' is not supported.`,
    );
  }
  if (params.response_type !== 'code') {
    return redirectError(
      params,
      'unsupported_response_type',
      700054,
      `response_type '${params.response_type ?? ''}' is not enabled for the application. Use 'code'.`,
    );
  }
  if (splitScopes(params.scope).length === 0) {
    return redirectError(
      params,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  }
  const scopes = parseScopes(params.scope, state.resources(baseUrl), { clientId: client.clientId, tenant });
  if (isScopeProblem(scopes)) return redirectError(params, scopes.error, scopes.code, scopes.text);
  if (!params.code_challenge) {
    return redirectError(
      params,
      'invalid_request',
      9002325,
      'Proof Key for Code Exchange is required for cross-origin authorization code redemption.',
    );
  }
  if (params.code_challenge_method !== 'S256') {
    return redirectError(
      params,
      'invalid_request',
      9002325,
      `code_challenge_method '${params.code_challenge_method ?? 'plain'}' is not supported: use S256.`,
    );
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(params.code_challenge)) {
    return redirectError(params, 'invalid_request', 501491, 'Invalid size of Code_Challenge parameter.');
  }
  if (params.prompt !== undefined && !PROMPTS.has(params.prompt)) {
    return redirectError(params, 'invalid_request', 90023, `Invalid prompt value '${params.prompt}'.`);
  }
  return { client, scopes };
}

/** `consumers` takes personal accounts only, `organizations` work accounts only; other tenants take both. */
function tenantAccepts(tenant: string, user: User): boolean {
  if (tenant.toLowerCase() === 'consumers') return user.kind === 'personal';
  if (tenant.toLowerCase() === 'organizations') return user.kind === 'work';
  return true;
}

/**
 * Redirects with a code. An interactive sign-in consents to what the scope asks for; a silent one
 * (`prompt=none`) cannot ask, so permissions not consented yet give `consent_required` (AADSTS65001).
 */
function issueCode(
  state: IdentityState,
  params: AuthorizeParams,
  authorization: Authorization,
  tenant: string,
  user: User,
  headers = {},
): Reply {
  const { client, scopes } = authorization;
  if (params.prompt === 'none') {
    if (!state.consents.covers(user.id, client.clientId, scopes.resource, scopes.permissions)) {
      return redirectError(
        params,
        'consent_required',
        65001,
        `The user or administrator has not consented to use the application with ID '${client.clientId}'. ` +
          'Send an interactive authorization request for this user and resource.',
      );
    }
  } else {
    state.consents.grant(user.id, client.clientId, scopes.resource, scopes.permissions);
  }
  const code = state.tokens.issueCode({
    clientId: client.clientId,
    redirectUri: params.redirect_uri!,
    challenge: params.code_challenge!,
    userId: user.id,
    scope: params.scope!,
    tenant,
    nonce: params.nonce,
  });
  // MSAL asks for client_info=1 here too and reads it from the redirect.
  const values: Record<string, string> = { code };
  if (params.client_info === '1') values.client_info = clientInfoOf(user);
  return redirectTo(params, values, headers);
}

/** The signed-in user of this browser: the session cookie, else the auto-login user. */
function sessionUser(state: IdentityState, req: ApiRequest): User | undefined {
  const fromCookie = state.tokens.sessionUser(cookies(req.headers).get(SESSION_COOKIE));
  const userId = fromCookie ?? state.autoLoginUser;
  return userId === undefined ? undefined : state.users.user(userId);
}

export function authorize(state: IdentityState, req: ApiRequest, tenant: string, baseUrl: string): Reply {
  // The form posts the query parameters back as hidden fields; the URL's own query fills any gaps.
  const source = new URLSearchParams(req.query);
  if (req.method === 'POST')
    for (const [name, value] of new URLSearchParams(req.body)) source.set(name, value);
  const params = authorizeParams(source);
  const authorization = checkAuthorize(state, req, params, tenant, baseUrl);
  if ('status' in authorization) return authorization;

  if (req.method === 'POST') {
    const form = new URLSearchParams(req.body);
    const email = form.get('email') ?? '';
    const user = state.users.userByEmail(email);
    if (!user || user.password !== (form.get('password') ?? '')) {
      return loginForm(req, params, { email, error: 'Your account or password is incorrect.' });
    }
    if (!tenantAccepts(tenant, user)) {
      const wanted =
        tenant.toLowerCase() === 'consumers' ? 'a personal Microsoft account' : 'a work or school account';
      return loginForm(req, params, { email, error: `This sign-in page accepts ${wanted} only.` });
    }
    const session = state.tokens.createSession(user.id);
    return issueCode(state, params, authorization, tenant, user, {
      'Set-Cookie': `${SESSION_COOKIE}=${session}; Path=/; HttpOnly; SameSite=Lax`,
    });
  }

  let user = sessionUser(state, req);
  // A session for another account than the hinted one, or one this tenant does not take, does not count.
  if (user && params.login_hint && user.email.toLowerCase() !== params.login_hint.trim().toLowerCase())
    user = undefined;
  if (user && !tenantAccepts(tenant, user)) user = undefined;

  if (params.prompt === 'none') {
    if (user) return issueCode(state, params, authorization, tenant, user);
    return redirectError(
      params,
      'login_required',
      50058,
      'A silent sign-in request was sent but no user is signed in. The user must sign in interactively.',
    );
  }
  if (user && params.prompt !== 'login' && params.prompt !== 'select_account') {
    return issueCode(state, params, authorization, tenant, user);
  }
  return loginForm(req, params);
}

// ── logout ─────────────────────────────────────────────────────────────────────────────────────────────────

export function logout(state: IdentityState, req: ApiRequest): Reply {
  state.tokens.endSession(cookies(req.headers).get(SESSION_COOKIE));
  const clear = { 'Set-Cookie': `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0` };
  const target = req.query.get('post_logout_redirect_uri');
  const client = state.apps.client(req.query.get('client_id') ?? '');
  if (target && client && redirectUriAllowed(client, target))
    return empty(302, { ...clear, Location: target });
  return page(200, 'Signed out', '<h1>You signed out of your account</h1>', clear);
}
