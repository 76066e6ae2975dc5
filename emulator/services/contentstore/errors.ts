/**
 * ContentStore's error bodies. Routes with an answer element of their own put the error in it (a share's
 * `App_SharedFoldersResp/resp`, Login's `errList`); everything else, injected faults included, answers
 * `App_GenericResp @errorCode @errorString` (the shape of `DELETE ShareFolder`, reference §1.4), in the form
 * `Accept` asks for.
 */
import { STATUS_CODES } from 'node:http';
import type { ApiRequest, Reply } from '../../core/http';
import { answer } from './wire';

/** Text for an Authtoken that is missing, unknown, logged out or idle (reference §1.2, Logout's). */
export const INVALID_TOKEN = 'Invalid authorization token provided.';

const MESSAGES: Record<number, string> = {
  400: 'The request is missing required parameters or is malformed.',
  401: INVALID_TOKEN,
  403: 'You do not have permission to perform this operation.',
  404: 'The specified file, folder or share does not exist.',
  409: 'The file or folder is already shared.',
};

/** `App_GenericResp` with the HTTP status as `errorCode` [heur: Commvault's own codes are not documented]. */
export function genericError(req: ApiRequest, status: number, message?: string): Reply {
  const errorString =
    message ?? MESSAGES[status] ?? `Emulated fault: HTTP ${status} ${STATUS_CODES[status] ?? ''}.`;
  return answer(req, status, {
    name: 'App_GenericResp',
    attrs: { errorCode: status, errorString: errorString.trim() },
  });
}

/** The success of a call that only reports done: `App_GenericResp errorCode="0"` (reference §1.4 unshare). */
export function genericOk(req: ApiRequest): Reply {
  return answer(req, 200, { name: 'App_GenericResp', attrs: { errorCode: 0, errorString: '' } });
}
