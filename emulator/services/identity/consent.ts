/**
 * Consent, recorded per user and app and per resource. Signing in through authorize consents to the
 * permissions asked for (the emulator shows no separate consent page); asking for more later is incremental
 * consent (learn.microsoft.com/entra/identity-platform/consent-types-developer). A token carries every
 * permission consented for its resource, and a refresh token mints only consented ones.
 */
import type { Resource } from './scopes';

export class Consents {
  private readonly granted = new Map<string, Set<string>>();

  private key(userId: string, clientId: string, resource: Resource): string {
    return `${userId}\n${clientId.toLowerCase()}\n${resource.id}`;
  }

  grant(userId: string, clientId: string, resource: Resource, permissions: readonly string[]): void {
    const key = this.key(userId, clientId, resource);
    const set = this.granted.get(key) ?? new Set<string>();
    for (const permission of permissions) set.add(permission);
    this.granted.set(key, set);
  }

  /** The consented permissions, in the resource's order. */
  of(userId: string, clientId: string, resource: Resource): string[] {
    const set = this.granted.get(this.key(userId, clientId, resource));
    return resource.permissions.filter((permission) => set?.has(permission));
  }

  covers(userId: string, clientId: string, resource: Resource, permissions: readonly string[]): boolean {
    const set = this.granted.get(this.key(userId, clientId, resource));
    return permissions.every((permission) => set?.has(permission));
  }

  clear(): void {
    this.granted.clear();
  }
}
