/** The public, browser-free core of ShareLens: link detection, sharing tokens, the providers and the model. */

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
export { PROVIDERS, type ProviderId, providerById, providerForLink } from './providers';
export {
  createGraphClient,
  decodeSharingToken,
  encodeSharingUrl,
  type GraphClient,
  isGraphUrl,
  mapGraphError,
  SharingTokenError,
  toSharedItem,
} from './providers/graph';
export { type ItemCache, resolveMany } from './resolve';
