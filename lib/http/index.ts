export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  DEFAULT_RETRY_RUNTIME,
  parseRetryAfter,
  planRetry,
  type RetryDecision,
  type RetryEvent,
  type RetryOptions,
  type RetryOutcome,
  type RetryPolicy,
  type RetryRuntime,
  type RetryState,
  sendWithRetry,
} from './retry';
export { sleep } from './sleep';
export {
  type Authorizer,
  createTransport,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  isUnder,
  type Transport,
  TransportError,
  type TransportErrorKind,
  type TransportOptions,
  type TransportRequest,
  transportFetch,
} from './transport';
