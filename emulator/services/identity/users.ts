/**
 * The dataset's accounts, by id and by e-mail address, and the ids the platform gives them in tokens. Other
 * services (Graph) look users up here too.
 */
import { createHash } from 'node:crypto';
import { guidFrom } from '../../core/http';
import type { User } from './dataset';

/** The Microsoft account (consumer) tenant id. */
export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export class Directory {
  private readonly byId = new Map<string, User>();
  private readonly byEmail = new Map<string, User>();

  constructor(readonly users: readonly User[]) {
    for (const user of users) {
      this.byId.set(user.id, user);
      this.byEmail.set(user.email.toLowerCase(), user);
    }
  }

  user(id: string): User | undefined {
    return this.byId.get(id);
  }

  userByEmail(email: string): User | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/** The tenant a user's tokens name: the consumer tenant, or one per work domain. */
export function tenantIdOf(user: User): string {
  return user.kind === 'personal' ? CONSUMER_TENANT_ID : guidFrom(`tenant:${domainOf(user.email)}`);
}

/**
 * The `oid` claim: "a GUID and can't be reused" (learn.microsoft.com/entra/identity-platform/id-token-claims-reference).
 * Microsoft account tokens carry `00000000-0000-0000-` and 16 hex digits of the account; the emulator does too.
 */
export function objectIdOf(user: User): string {
  if (user.kind === 'work') return guidFrom(`oid:${user.id}`);
  const puid = personalIdOf(user);
  return `00000000-0000-0000-${puid.slice(0, 4)}-${puid.slice(4)}`;
}

/** A Microsoft account's 16 hex digits: its OneDrive identity (`createdBy.user.id`) and the end of its oid. */
function personalIdOf(user: User): string {
  return guidFrom(`puid:${user.id}`).replace(/-/g, '').slice(0, 16);
}

/** The user's id in Graph identity sets: the object id of a work account, the 16 hex digits of a personal one. */
export function graphUserIdOf(user: User): string {
  return user.kind === 'work' ? objectIdOf(user) : personalIdOf(user);
}

/** The `sub` claim: pairwise, different for each app (id-token-claims-reference), not a GUID. */
export function subjectOf(user: User, clientId: string): string {
  return createHash('sha256')
    .update(`sub:${user.id}:${clientId}`)
    .digest()
    .subarray(0, 32)
    .toString('base64url');
}
