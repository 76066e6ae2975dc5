/** The state one running emulator shares between its routes. */
import type { FaultStore } from './faults';
import type { RequestLog } from './request-log';
import type { Store } from './store';
import type { TokenStore } from './tokens';

export interface EmulatorContext {
  store: Store;
  /** http://127.0.0.1:N, known once the server listens */
  baseUrl: string;
  log: RequestLog;
  faults: FaultStore;
  tokens: TokenStore;
  /** durable `Prefer: redeemSharingLink` grants, as {@link grantKey}s */
  grants: Set<string>;
  /** `--auto-login`: authorize acts as if this user had a browser session (until a sign-out reset). */
  autoLoginUser: string | undefined;
}

export function grantKey(userId: string, linkUrl: string): string {
  return `${userId}\n${linkUrl}`;
}
