/**
 * Exchange Web Services at `/EWS/Exchange.asmx` (reference §2, §3.2): SOAP 1.1, dispatched on the Body's first
 * element (clients send no SOAPAction, or any), with GetFolder, GetSharingMetadata and ConvertId. Callers
 * authenticate with a bearer token of the identity service for Exchange carrying `EWS.AccessAsUser.All`, or with
 * Basic and a dataset user's e-mail and password; anything else is HTTP 401 with an empty body. Every SOAP answer
 * carries ServerVersionInfo.
 */
import { STATUS_CODES } from 'node:http';
import type { ApiRequest, Reply } from '../../core/http';
import type { EmulatorService, ServiceDefinition, ServiceEnv } from '../../core/service';
import { type IdentityService, identity } from '../identity';
import type { IdentityData } from '../identity/dataset';
import { type ExchangeData, exchangeDataset, type ServerVersion } from './dataset';
import { type MailboxEntry, Mailboxes } from './folders';
import { convertId, getFolder, getSharingMetadata, type OperationContext } from './operations';
import { inNs, parseSoap, SchemaProblem, where } from './request';
import {
  invalidVersionFault,
  REQUEST_VERSIONS,
  SOAP_XML,
  schemaFault,
  soapFault,
  soapReply,
  versionRank,
} from './soap';

export interface ExchangeService extends EmulatorService {
  mailboxes: Mailboxes;
  serverVersion: ServerVersion;
}

/** The EWS delegated permission (reference §2.7). */
export const EWS_PERMISSION = 'EWS.AccessAsUser.All';

/** Operations and the oldest RequestServerVersion they exist in. */
const OPERATIONS: Record<string, string> = {
  GetFolder: 'Exchange2007',
  ConvertId: 'Exchange2007_SP1',
  GetSharingMetadata: 'Exchange2010',
};

function isEwsPath(segments: readonly string[]): boolean {
  return (
    segments.length === 2 &&
    segments[0]!.toLowerCase() === 'ews' &&
    segments[1]!.toLowerCase() === 'exchange.asmx'
  );
}

/**
 * The 401 answer: empty body, a Bearer challenge naming Exchange's app id and the emulator's authority, and a
 * Basic one (exchangelib reads the accepted schemes from it when guessing). `reason` goes to x-ms-diagnostics,
 * where Exchange Online explains a refused token [heur: the header's name and code are Exchange Online's, the
 * texts are the emulator's].
 */
function unauthorized(baseUrl: string, reason?: string): Reply {
  const headers: Record<string, string> = {
    'WWW-Authenticate': `Bearer client_id="00000002-0000-0ff1-ce00-000000000000", authorization_uri="${baseUrl}/common/oauth2/authorize", Basic realm="${new URL(baseUrl || 'http://localhost').host}"`,
  };
  if (reason) headers['x-ms-diagnostics'] = `2000001;reason="${reason}";error_category="invalid_token"`;
  return { status: 401, headers };
}

function authenticate(
  identityService: IdentityService,
  mailboxes: Mailboxes,
  baseUrl: string,
  req: ApiRequest,
): MailboxEntry | Reply {
  const header = req.headers.authorization ?? '';
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  let userId: string;
  if (bearer) {
    const check = identityService.tokens.verifyAccess(bearer[1]!);
    if (!check.ok) {
      return unauthorized(
        baseUrl,
        check.reason === 'expired' ? 'The token has expired.' : 'The token is not valid.',
      );
    }
    if (check.resource !== 'exchange')
      return unauthorized(baseUrl, 'The audience of the token is not Exchange.');
    if (!check.scopes.includes(EWS_PERMISSION))
      return unauthorized(baseUrl, `The token does not carry the ${EWS_PERMISSION} scope.`);
    userId = check.userId;
  } else if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? undefined : identityService.users.userByEmail(decoded.slice(0, colon));
    if (!user || user.password !== decoded.slice(colon + 1)) return unauthorized(baseUrl);
    userId = user.id;
  } else {
    return unauthorized(baseUrl);
  }
  const mailbox = mailboxes.ofUser(userId);
  // [heur] A signed-in user without a mailbox is refused like a bad credential.
  return mailbox ?? unauthorized(baseUrl, 'The user has no mailbox.');
}

export const exchange = {
  name: 'exchange',
  dataset: exchangeDataset,
  create({ dataset, use }: ServiceEnv<ExchangeData & IdentityData>): ExchangeService {
    const identityService = use(identity);
    const mailboxes = new Mailboxes(dataset.exchange, identityService.users);
    const serverVersion: ServerVersion = dataset.exchange?.serverVersion ?? 'Exchange2016';

    function answer(req: ApiRequest, caller: MailboxEntry): Reply {
      let parsed: ReturnType<typeof parseSoap>;
      try {
        parsed = parseSoap(req.body);
      } catch (error) {
        if (error instanceof SchemaProblem) return schemaFault(serverVersion, error.violation, error);
        throw error;
      }
      const { operation, requestVersion } = parsed;
      const name = operation.localName ?? '';
      const since = inNs(operation, 'm') ? OPERATIONS[name] : undefined;
      if (since === undefined) {
        if (inNs(operation, 'm')) {
          // [heur] A real EWS operation the emulator does not implement: ErrorInvalidOperation, which clients raise
          // as it is. Not ErrorInvalidRequest: exchangelib takes that for a version mismatch and retries the request
          // with every other RequestServerVersion before giving up with "all were invalid".
          const text = `The emulator does not implement the EWS operation ${name}.`;
          return soapFault(serverVersion, {
            code: 'ErrorInvalidOperation',
            faultString: `The operation is not valid: ${text}`,
            message: text,
          });
        }
        return schemaFault(
          serverVersion,
          `The element 'Body' in namespace 'http://schemas.xmlsoap.org/soap/envelope/' has invalid child element '${name}' in namespace '${operation.namespaceURI ?? ''}'.`,
          where(operation),
        );
      }
      // Without RequestServerVersion a request is an Exchange2007 one (reference §2.1); an operation newer than the
      // requested version, or a version this server does not know or is older than, is ErrorInvalidServerVersion
      // [heur, reference §3.2 [inf]].
      const requested = requestVersion ?? 'Exchange2007';
      const rank = versionRank(requested);
      if (rank === -1 || rank > versionRank(serverVersion) || rank < versionRank(since)) {
        return invalidVersionFault(serverVersion);
      }
      const ctx: OperationContext = { mailboxes, exchange: dataset.exchange, caller };
      try {
        switch (name) {
          case 'GetFolder':
            return soapReply(serverVersion, getFolder(ctx, operation));
          case 'GetSharingMetadata':
            return soapReply(serverVersion, getSharingMetadata(ctx, operation));
          default:
            return soapReply(serverVersion, convertId(operation));
        }
      } catch (error) {
        if (error instanceof SchemaProblem) return schemaFault(serverVersion, error.violation, error);
        throw error;
      }
    }

    const service: ExchangeService = {
      name: 'exchange',
      mailboxes,
      serverVersion,
      matches: isEwsPath,
      handle(req, ctx) {
        const caller = authenticate(identityService, mailboxes, ctx.baseUrl, req);
        if ('status' in caller) return caller;
        if (req.method !== 'POST') {
          return { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' } };
        }
        return answer(req, caller);
      },
      errorReply(_req, status, message) {
        if (status === 401) return unauthorized('');
        // Throttling as EWS reports it: the ErrorServerBusy fault with a back-off [heur: 30 s]; 500: an internal
        // error. A SOAP fault travels as HTTP 500 (SOAP 1.1 §6.2; reference §2.4), also for an injected 429 or 503:
        // exchangelib and ews-javascript-api read a fault only from a 500, so a 503 fault would reach them as a bare
        // HTTP error, without the code or the back-off.
        if (status === 429 || status === 503) {
          return soapFault(serverVersion, {
            code: 'ErrorServerBusy',
            faultString: message ?? 'The server cannot service this request right now. Try again later.',
            message: 'The server cannot service this request right now. Try again later.',
            values: { BackOffMilliseconds: '30000' },
          });
        }
        if (status === 500) {
          return soapFault(serverVersion, {
            code: 'ErrorInternalServerError',
            faultString: message ?? 'An internal server error occurred. The operation failed.',
            message: 'An internal server error occurred. The operation failed.',
          });
        }
        // [heur] Any other status comes from in front of EWS (IIS, a proxy): no SOAP, the status and its reason.
        return {
          status,
          headers: { 'Content-Type': 'text/plain; charset=utf-8' },
          body: message ?? STATUS_CODES[status] ?? `HTTP ${status}`,
        };
      },
      home: (baseUrl) => ({ ews: `${baseUrl}/EWS/Exchange.asmx` }),
    };
    return service;
  },
} satisfies ServiceDefinition<ExchangeService>;

export { REQUEST_VERSIONS, SOAP_XML };
