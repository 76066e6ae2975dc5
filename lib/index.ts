/** The public, browser-free core of ShareLens: link detection, sharing tokens, the Graph client and the model. */

export { createGraphClient, type GraphClient, isGraphUrl, mapGraphError, toSharedItem } from './graph';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from './http';
export { type DetectOptions, detectShareLink, mightBeShareLink, SHARE_LINK_MATCH_PATTERNS } from './links';
export type {
  ItemKind,
  PreviewState,
  Provider,
  Result,
  SharedItem,
  ShareError,
  ShareErrorKind,
  ShareLink,
} from './model';
export { type ItemCache, resolveMany } from './resolve';
export { decodeSharingToken, encodeSharingUrl, SharingTokenError } from './sharing-token';
