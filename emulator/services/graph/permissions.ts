/**
 * Sharing permissions of an item (reference §2 "Permissions", "permission"): the owner's, its sharing links, the
 * grants `invite` made, and those inherited from the folders above it; and who may read or change the item.
 */
import { guidFrom } from '../../core/http';
import type { Drive, Link } from './dataset';
import { grantedTo, identitySet, linkPermissionId, permissionJson, roleOf } from './drive-item';
import type { GraphState } from './index';
import { grantKey } from './shares';
import type { ItemNode } from './store';

export type Role = 'read' | 'write';

/** A permission `invite` gave one recipient on one item (and so on everything inside it). */
export interface Grant {
  id: string;
  itemId: string;
  role: Role;
  /** the dataset user the recipient is, when the emulator knows them */
  userId: string | undefined;
  email: string;
  signInRequired: boolean;
  expirationDateTime: string | undefined;
  hasPassword: boolean;
}

/** Grants made by `invite`, by item id; `POST /_emulator/reset` forgets them. */
export class Grants {
  private readonly byItem = new Map<string, Grant[]>();

  on(itemId: string): readonly Grant[] {
    return this.byItem.get(itemId) ?? [];
  }

  /** Adds a grant, or replaces the recipient's earlier grant on the item (keeping its id). */
  put(grant: Grant): Grant {
    const list = this.byItem.get(grant.itemId) ?? [];
    const index = list.findIndex((existing) => existing.email.toLowerCase() === grant.email.toLowerCase());
    if (index === -1) list.push(grant);
    else list[index] = { ...grant, id: list[index]!.id };
    this.byItem.set(grant.itemId, list);
    return list[index === -1 ? list.length - 1 : index]!;
  }

  remove(grant: Grant): void {
    this.byItem.set(
      grant.itemId,
      this.on(grant.itemId).filter((existing) => existing !== grant),
    );
  }

  clear(): void {
    this.byItem.clear();
  }
}

/** What a route acts on: an item, or the root folder of a drive (`node` undefined). */
export interface Target {
  drive: Drive;
  node: ItemNode | undefined;
}

export type Access = 'none' | 'read' | 'write';

function expired(at: string | undefined): boolean {
  return at !== undefined && Date.parse(at) <= Date.now();
}

/** Whether a link lets the user in: its audience, and for a `mustRedeem` link a durable redemption (§1.3). */
export function usableLink(graph: GraphState, userId: string, link: Link): boolean {
  const access = graph.store.access(link, userId);
  return (
    access === 'allowed' || (access === 'needsRedemption' && graph.grants.has(grantKey(userId, link.url)))
  );
}

/**
 * What the user may do with the item: the drive owner everything; others what the best of their grants (on
 * the item or a folder above it) and the links they may use (edit → write, view/embed → read) allows.
 */
export function accessTo(graph: GraphState, userId: string, target: Target): Access {
  if (target.drive.owner === userId) return 'write';
  const { node } = target;
  if (!node) return 'none';
  let best: Access = 'none';
  const raise = (role: Role) => {
    if (role === 'write') best = 'write';
    else if (best === 'none') best = 'read';
  };
  for (let current: ItemNode | undefined = node; current; current = current.parent) {
    for (const grant of graph.sharing.on(current.item.id)) {
      if (grant.userId === userId && !expired(grant.expirationDateTime)) raise(grant.role);
    }
    if (graph.store.isUnique(current)) break; // it no longer inherits from the folders above
  }
  for (const link of graph.store.linksTo(node)) {
    if (usableLink(graph, userId, link)) raise(roleOf(graph.store.typeOf(link)));
  }
  return best;
}

/** One entry of an item's permissions, with where it comes from so PATCH and DELETE know what they may change. */
export type PermissionEntry =
  | { kind: 'owner'; id: string; body: Record<string, unknown> }
  | {
      kind: 'link';
      id: string;
      link: Link;
      from: ItemNode;
      inherited: boolean;
      body: Record<string, unknown>;
    }
  | {
      kind: 'grant';
      id: string;
      grant: Grant;
      from: ItemNode;
      inherited: boolean;
      body: Record<string, unknown>;
    };

/**
 * The owner's permission id. On SharePoint it is the base64 of the owner's claim (`i:0#.f|membership|upn`), as
 * SharePoint's permission ids are; on personal OneDrive an opaque id.
 */
function ownerPermissionId(graph: GraphState, drive: Drive): string {
  const owner = graph.store.user(drive.owner);
  if (drive.kind === 'business' && owner) {
    return Buffer.from(`i:0#.f|membership|${owner.email}`).toString('base64').replace(/=+$/, '');
  }
  return guidFrom(`owner:${drive.id}`);
}

/**
 * `inheritedFrom`: an itemReference to the folder a permission comes from. Its `path` navigates to that folder
 * itself, as `parentReference.path` does to a parent (resources/itemreference).
 */
function inheritedFrom(node: ItemNode): Record<string, string> {
  const path = node.names.map((name) => encodeURIComponent(name)).join('/');
  return {
    driveId: node.drive.id,
    id: node.item.id,
    path: `/drives/${encodeURIComponent(node.drive.id)}/root:/${path}`,
    name: node.item.name,
  };
}

export function grantJson(graph: GraphState, grant: Grant, drive: Drive): Record<string, unknown> {
  const user = grant.userId === undefined ? undefined : identitySet(graph.store, grant.userId).user;
  return {
    id: grant.id,
    roles: [grant.role],
    ...grantedTo({ user: user ?? { email: grant.email } }),
    invitation: { email: grant.email, signInRequired: grant.signInRequired },
    ...(drive.kind === 'personal' ? { hasPassword: grant.hasPassword } : {}),
    ...(grant.expirationDateTime ? { expirationDateTime: grant.expirationDateTime } : {}),
  };
}

/**
 * Every permission of the target, as the drive owner (or an editor) sees them: the owner's first, then the
 * item's own links and grants, then those of each folder above it, nearest first. Inherited ones carry
 * `inheritedFrom` on personal drives only: "OneDrive for Business and SharePoint document libraries don't return
 * the inheritedFrom property" (learn.microsoft.com/graph/api/resources/permission; reference §2).
 */
export function permissionsOf(graph: GraphState, baseUrl: string, target: Target): PermissionEntry[] {
  const { store } = graph;
  const { drive } = target;
  const owner = ownerPermissionId(graph, drive);
  const entries: PermissionEntry[] = [
    {
      kind: 'owner',
      id: owner,
      body: { id: owner, roles: ['owner'], ...grantedTo(identitySet(store, drive.owner)) },
    },
  ];
  for (let node = target.node; node; node = node.parent) {
    const inherited = node !== target.node;
    const extra = inherited && drive.kind === 'personal' ? { inheritedFrom: inheritedFrom(node) } : {};
    for (const link of store.links) {
      if (link.item !== node.item.id || link.revoked || store.isRemoved(link)) continue;
      if (store.access(link, drive.owner) === 'denied') continue; // expired
      const body = { ...permissionJson({ store, baseUrl, link }), ...extra };
      entries.push({ kind: 'link', id: linkPermissionId(link), link, from: node, inherited, body });
    }
    for (const grant of graph.sharing.on(node.item.id)) {
      if (expired(grant.expirationDateTime)) continue;
      const body = { ...grantJson(graph, grant, drive), ...extra };
      entries.push({ kind: 'grant', id: grant.id, grant, from: node, inherited, body });
    }
    if (store.isUnique(node)) break; // shared with retainInheritedPermissions: false
  }
  return entries;
}

/**
 * What a caller who cannot change the item sees: "For a non-owner caller, only the sharing permissions that apply
 * to the caller are returned", and no secrets such as `shareId` and the link's `webUrl`
 * (driveitem-list-permissions).
 */
export function visibleTo(graph: GraphState, userId: string, entries: PermissionEntry[]): PermissionEntry[] {
  return entries.flatMap((entry): PermissionEntry[] => {
    if (entry.kind === 'owner') return [];
    if (entry.kind === 'grant') return entry.grant.userId === userId ? [entry] : [];
    if (!usableLink(graph, userId, entry.link)) return [];
    const { shareId: _shareId, ...body } = entry.body;
    const { webUrl: _webUrl, ...link } = body.link as Record<string, unknown>;
    return [{ ...entry, body: { ...body, link } }];
  });
}
