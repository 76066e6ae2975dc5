/**
 * ContentStore's answers as neutral errors and sentences. HTTP statuses carry the meaning; the numeric codes in
 * bodies (`errorCode`, `errList[].errorCode`) are mostly undocumented, so the few this client reads are in the
 * one table of codes (`codes.ts`), each marked with how sure the reference is.
 */
import { parseRetryAfter } from '../../http/retry';
import { t } from '../../i18n';
import type { ShareError } from '../../model';
import { CONTENTSTORE_CODES } from './codes';
import type { WireNode } from './wire';

/** The error codes this client reads (see the one table in `codes.ts`). */
export const ERROR_CODES = CONTENTSTORE_CODES.error;

/** `errorCode` of an answer (`resp`, `App_GenericResp` root, `error`), when it has one. */
export function errorCodeOf(answer: WireNode | undefined): number | undefined {
  const raw =
    answer?.child('resp')?.attr('errorCode') ??
    answer?.attr('errorCode') ??
    answer?.child('error')?.attr('errorCode');
  const code = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(code) ? code : undefined;
}

export function signInError(): ShareError {
  return { kind: 'unauthenticated', message: t('csSignIn') };
}

/** A refused or failed preview as a neutral error with a plain sentence. */
export function mapContentStoreError(
  status: number,
  headers: Headers,
  options: { now: number; publicShare?: boolean },
): ShareError {
  if (status === 401) return { kind: 'unauthenticated', status, message: t('csRefused') };
  if (status === 403)
    return {
      kind: 'accessDenied',
      status,
      message: t(options.publicShare ? 'csPasswordProtected' : 'csAccessDenied'),
    };
  if (status === 404) return { kind: 'notFound', status, message: t('csNotFound') };
  if (status === 429 || status === 503) {
    const wait = parseRetryAfter(headers.get('retry-after'), options.now);
    const error: ShareError = { kind: 'throttled', status, message: t('csBusy') };
    if (wait !== undefined) error.retryAt = options.now + wait;
    return error;
  }
  if (status >= 500) return { kind: 'server', status, message: t('csServerError', status) };
  return { kind: 'badResponse', status, message: t('csBadResponse') };
}

export function networkError(timedOut: boolean): ShareError {
  return { kind: 'network', message: t(timedOut ? 'csTimeout' : 'csUnreachable') };
}

export function badResponseError(): ShareError {
  return { kind: 'badResponse', message: t('csBadResponse') };
}
