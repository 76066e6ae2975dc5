/**
 * Login, RenewLoginToken and Logout (reference §1.2, §3.1), and the `Authtoken` check every other
 * non-public route goes through. Written so that cvpysdk works unchanged: JSON Login answers carry `userName`
 * beside `token`, failures `errList[0].errLogMessage` with HTTP 200, renewal accepts the expired token.
 */
import type { ApiRequest, Reply } from '../../core/http';
import { genericError, INVALID_TOKEN } from './errors';
import { type ContentStore, hexGuidFrom } from './store';
import { answer, type Element, parseBody, text } from './wire';

const LOGIN_REQUEST = 'DM2ContentIndexing_CheckCredentialReq';
const LOGIN_ANSWER = 'DM2ContentIndexing_CheckCredentialResp';
/** [heur]: the XML name of Renew's answer is not documented; JSON has no root name. */
const RENEW_ANSWER = 'DM2ContentIndexing_RenewLoginTokenResp';

const userGuidOf = (userName: string) => hexGuidFrom(`user:${userName.toLowerCase()}`).toUpperCase();

/** Strict base64: what Login's `password` and a share password must be. */
export function decodeBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** A failed Login: HTTP 200, no token, `errList[0].errLogMessage` (reference §1.2) [heur: errorCode 5]. */
function loginFailed(req: ApiRequest, message: string): Reply {
  return answer(req, 200, {
    name: LOGIN_ANSWER,
    children: [{ name: 'errList', list: true, attrs: { errorCode: 5, errLogMessage: message } }],
  });
}

/**
 * `POST Login`: JSON `{username, password}` or XML `<DM2ContentIndexing_CheckCredentialReq username password/>`,
 * the password base64. Other keys (`mode`, `deviceId`, `clientType`, `domain`, `commserver`, `timeout`) are
 * ignored. The user may give the user name or the e-mail address [heur].
 */
export function login(store: ContentStore, req: ApiRequest): Reply {
  const parsed = parseBody(req, LOGIN_REQUEST);
  if (!parsed.ok) return genericError(req, 400, parsed.message);
  const userName = parsed.body.attr('username') ?? '';
  const password = decodeBase64(parsed.body.attr('password') ?? '');
  if (password === undefined) return loginFailed(req, 'The password must be base64-encoded.');
  const user = store.user(userName);
  if (!user || user.password !== password) return loginFailed(req, 'Invalid Username or Password');
  const token = store.openSession(user.userName);
  return answer(req, 200, {
    name: LOGIN_ANSWER,
    attrs: {
      aliasName: '1',
      userGUID: userGuidOf(user.userName),
      loginAttempts: 0,
      remainingLockTime: 0,
      smtpAddress: user.email,
      userName: user.userName,
      isAccountLocked: false,
      token,
    },
  });
}

/**
 * `POST RenewLoginToken` `{sessionId, deviceId}`: cvpysdk sends it after a 401 with the expired token as both
 * `sessionId` and `Authtoken`. Any token that was issued and not logged out renews, idle or not [heur]; the old
 * one stops working and a new one comes back as `{token}`. An unknown token gets HTTP 200 with
 * `error.errLogMessage`, what cvpysdk reads [code: cvpysdk `_renew_login_token`]; a 401 here would make cvpysdk
 * renew again, without end.
 */
export function renewLoginToken(store: ContentStore, req: ApiRequest): Reply {
  let body: Element | undefined;
  if (req.body.trim() !== '') {
    const parsed = parseBody(req);
    if (!parsed.ok) return genericError(req, 400, parsed.message);
    body = parsed.body;
  }
  const found = store.sessionOf(body?.attr('sessionId')) ?? store.sessionOf(req.headers.authtoken);
  if (!found)
    return answer(req, 200, {
      name: RENEW_ANSWER,
      children: [{ name: 'error', attrs: { errorCode: 401, errLogMessage: INVALID_TOKEN } }],
    });
  store.sessions.delete(found.token);
  const token = store.openSession(found.session.userName);
  return answer(req, 200, { name: RENEW_ANSWER, attrs: { token } });
}

/**
 * `POST Logout` (cvpysdk posts an empty XML body): plain text `User logged out`; a token that is not (or no
 * longer) logged in gets `Invalid authorization token provided.`, also with HTTP 200 [heur: the status of that
 * answer is not documented].
 */
export function logout(store: ContentStore, req: ApiRequest): Reply {
  const found = store.sessionOf(req.headers.authtoken);
  if (!found) return text(200, INVALID_TOKEN);
  store.sessions.delete(found.token);
  return text(200, 'User logged out');
}

/** The user behind `Authtoken`, or the 401 reply: missing, unknown, logged out or idle too long. */
export function authenticate(store: ContentStore, req: ApiRequest): { userName: string } | { reply: Reply } {
  const found = store.sessionOf(req.headers.authtoken);
  if (!found || store.isIdle(found.session)) return { reply: genericError(req, 401) };
  found.session.lastUsed = store.now();
  return { userName: found.session.userName };
}

/**
 * `GET`/`POST WhoAmI`: the token's user, as cvpysdk reads it: JSON `{user: {userName}}`, XML
 * `CvEntities_ProcessingInstructionInfo/user@userName` [code: cvpysdk `who_am_i`].
 */
export function whoAmI(store: ContentStore, req: ApiRequest, userName: string): Reply {
  const user = store.user(userName);
  return answer(req, 200, {
    name: 'CvEntities_ProcessingInstructionInfo',
    children: [{ name: 'user', attrs: { userName, userGUID: userGuidOf(userName), email: user?.email } }],
  });
}

/**
 * `GET CommServ`: the CommCell's details, with the keys cvpysdk's `_get_commserv_details` reads
 * [code]; the values are the emulator's own [heur].
 */
export function commServ(req: ApiRequest, host: string): Reply {
  return answer(req, 200, {
    name: 'App_GetCommServResp',
    attrs: {
      hostName: host,
      currentSPVersion: 36,
      csVersionInfo: '11.36.0',
      releaseName: '11.36',
      timeZone: '0:-0:(UTC) Coordinated Universal Time',
    },
    children: [
      {
        name: 'commcell',
        attrs: {
          commCellName: 'ShareLens emulator',
          commCellId: 2,
          csGUID: hexGuidFrom('commcell').toUpperCase(),
        },
      },
      { name: 'csTimeZone', attrs: { TimeZoneName: '(UTC) Coordinated Universal Time' } },
    ],
  });
}
