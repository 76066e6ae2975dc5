/**
 * Graph's part of the validated dataset, indexed for lookups: items with their drive, parent and path; links by URL;
 * items by their own URL; and the access rules of a sharing link.
 */
import { safeDecode } from '../../core/http';
import type { User } from '../identity/dataset';
import { type Directory, domainOf } from '../identity/users';
import type { Drive, GraphData, Item, Link } from './dataset';
import { locationOf, webUrlOf } from './drive-item';

export interface ItemNode {
  item: Item;
  drive: Drive;
  /** undefined when the item sits at the root of its drive */
  parent: ItemNode | undefined;
  /** undefined for files; an item with `children` (even []) is a folder */
  children: ItemNode[] | undefined;
  /** names from the drive root down to this item */
  names: string[];
  /** bytes; for folders the sum over everything inside */
  size: number;
  /** the item's number in its drive's document library (SharePoint list item ids count from 1) */
  listItemId: number;
}

/** An item found by its own URL, and the link its `webUrl` is derived through (which it is then seen through). */
export interface ItemAt {
  node: ItemNode;
  link: Link;
}

/** What createLink adds to a link it made (reference §2 "permission"). */
export interface CreatedLinkInfo {
  expirationDateTime?: string;
  hasPassword: boolean;
  /** A `users` link's recipients the dataset does not know (outside e-mail addresses), lower case. */
  outsiders?: string[];
}

/** What a link gives a user before any redemption is taken into account. */
export type LinkAccess = 'allowed' | 'denied' | 'needsRedemption';

export class Store {
  private readonly nodes = new Map<string, ItemNode>();
  private readonly linksByUrl = new Map<string, Link>();
  /** first link in dataset order whose URL without its query is the key */
  private readonly linksByBareUrl = new Map<string, Link>();
  /** legacy `s!…` path segment → link */
  private readonly linksByShareId = new Map<string, Link>();
  private readonly listItemCount = new Map<Drive, number>();
  /** {@link itemUrlKey} of an item's `webUrl` → the item; the first in dataset order wins */
  private readonly itemsByUrl = new Map<string, ItemAt>();
  /** Changes requests made (createLink, PATCH and DELETE of permissions); {@link resetChanges} forgets them. */
  private readonly created = new Map<Link, CreatedLinkInfo>();
  private readonly removed = new Set<Link>();
  private readonly retyped = new Map<Link, Link['type']>();
  /** People `POST /shares/{t}/permission/grant` added to a link: dataset user ids, outside e-mail addresses. */
  private readonly granted = new Map<Link, { users: Set<string>; outsiders: Set<string> }>();
  /** Items shared with `retainInheritedPermissions: false`: they no longer inherit from the folders above. */
  private readonly unique = new Set<ItemNode>();

  constructor(
    readonly dataset: GraphData,
    private readonly users: Directory,
  ) {
    for (const drive of dataset.drives) this.index(drive, drive.items, undefined, []);
    for (const link of dataset.links) {
      this.linksByUrl.set(link.url, link);
      const bare = withoutQuery(link.url);
      if (!this.linksByBareUrl.has(bare)) this.linksByBareUrl.set(bare, link);
      const shareId = new URL(link.url).pathname.split('/').find((segment) => segment.startsWith('s!'));
      if (shareId && !this.linksByShareId.has(shareId)) this.linksByShareId.set(shareId, link);
    }
    // Every item's webUrl as its driveItem reports it. That URL depends on the link's host and site, so each drive
    // is indexed once for every place its links put it.
    const places = new Set<string>();
    for (const link of dataset.links) {
      const target = this.target(link);
      const { host, site, library } = locationOf(link, target);
      const place = `${target.drive.id}\n${host}/${site}/${library}`;
      if (places.has(place)) continue;
      places.add(place);
      for (const node of this.nodes.values()) {
        const key = node.drive === target.drive ? itemUrlKey(webUrlOf(link, node)) : undefined;
        if (key !== undefined && !this.itemsByUrl.has(key)) this.itemsByUrl.set(key, { node, link });
      }
    }
  }

  private index(drive: Drive, items: Item[], parent: ItemNode | undefined, names: string[]): ItemNode[] {
    return items.map((item) => {
      const listItemId = (this.listItemCount.get(drive) ?? 0) + 1;
      this.listItemCount.set(drive, listItemId);
      const node: ItemNode = {
        item,
        drive,
        parent,
        children: undefined,
        names: [...names, item.name],
        size: item.size ?? 0,
        listItemId,
      };
      this.nodes.set(item.id, node);
      if (item.children) {
        node.children = this.index(drive, item.children, node, node.names);
        node.size = node.children.reduce((sum, child) => sum + child.size, 0);
      }
      return node;
    });
  }

  /** The dataset's links, then those createLink made, in the order they were made. */
  get links(): readonly Link[] {
    return [...this.dataset.links, ...this.created.keys()];
  }

  /** A link createLink made: it resolves through `/shares` like a dataset link until {@link resetChanges}. */
  addLink(link: Link, info: CreatedLinkInfo): void {
    this.created.set(link, info);
    this.linksByUrl.set(link.url, link);
    const bare = withoutQuery(link.url);
    if (!this.linksByBareUrl.has(bare)) this.linksByBareUrl.set(bare, link);
  }

  createdInfo(link: Link): CreatedLinkInfo | undefined {
    return this.created.get(link);
  }

  /** `DELETE …/permissions/{id}` of a link: the link stops working, as a revoked one. */
  removeLink(link: Link): void {
    this.removed.add(link);
  }

  isRemoved(link: Link): boolean {
    return this.removed.has(link);
  }

  /** A link's type now: `PATCH …/permissions/{id}` with other roles changes it (view ↔ edit). */
  typeOf(link: Link): Link['type'] {
    return this.retyped.get(link) ?? link.type;
  }

  retype(link: Link, type: Link['type']): void {
    this.retyped.set(link, type);
  }

  /** Forgets created links and changed or removed permissions: the dataset as loaded. */
  resetChanges(): void {
    for (const link of this.created.keys()) {
      if (this.linksByUrl.get(link.url) === link) this.linksByUrl.delete(link.url);
      const bare = withoutQuery(link.url);
      if (this.linksByBareUrl.get(bare) === link) this.linksByBareUrl.delete(bare);
    }
    this.created.clear();
    this.removed.clear();
    this.retyped.clear();
    this.unique.clear();
    this.granted.clear();
  }

  /** `POST /shares/{t}/permission/grant`: the link now also works for these people. */
  grantLink(link: Link, users: Iterable<string>, outsiders: Iterable<string>): void {
    const entry = this.granted.get(link) ?? { users: new Set<string>(), outsiders: new Set<string>() };
    for (const user of users) entry.users.add(user);
    for (const email of outsiders) entry.outsiders.add(email);
    this.granted.set(link, entry);
  }

  /** Who a link was granted to besides its own audience, in the order they were added. */
  grantedOn(link: Link): { users: string[]; outsiders: string[] } {
    const entry = this.granted.get(link);
    return { users: [...(entry?.users ?? [])], outsiders: [...(entry?.outsiders ?? [])] };
  }

  /**
   * createLink and invite with `retainInheritedPermissions: false` on an item shared for the first time: "all
   * existing permissions are removed" (driveitem-createlink) — those it inherited; the owner keeps the drive.
   */
  stopInheriting(node: ItemNode): void {
    this.unique.add(node);
  }

  /** Whether the item no longer inherits the permissions of the folders above it. */
  isUnique(node: ItemNode): boolean {
    return this.unique.has(node);
  }

  /** Whether permissions given on `ancestor` reach `node`: it is the node, or a folder above it not cut off. */
  inherits(ancestor: ItemNode, node: ItemNode): boolean {
    for (let current: ItemNode | undefined = node; current; current = current.parent) {
      if (current === ancestor) return true;
      if (this.unique.has(current)) return false;
    }
    return false;
  }

  user(id: string): User | undefined {
    return this.users.user(id);
  }

  /**
   * A drive by id. Personal drive ids are hex digits, which OneDrive writes in either case (`3f8a…` in
   * `parentReference.driveId`, `3F8A…!…` at the front of item ids); business ones (`b!…`) are base64, exact.
   */
  drive(driveId: string): Drive | undefined {
    const lower = driveId.toLowerCase();
    return (
      this.dataset.drives.find((drive) => drive.id === driveId) ??
      this.dataset.drives.find((drive) => drive.kind === 'personal' && drive.id.toLowerCase() === lower)
    );
  }

  node(itemId: string): ItemNode | undefined {
    return this.nodes.get(itemId);
  }

  /** The node a link points at (validated to exist). */
  target(link: Link): ItemNode {
    const node = this.nodes.get(link.item);
    if (!node) throw new Error(`dataset link to unknown item ${link.item}`);
    return node;
  }

  /**
   * The matching rule for a URL decoded from a `u!` token:
   * 1. a link whose `url` equals it exactly;
   * 2. otherwise, with the query and fragment removed from the decoded URL, a link whose url — as is, or
   *    also without its query — equals that. So `…/Eabc?e=zz` finds the link stored as `…/Eabc?e=4fQ2`.
   * No other normalisation (host case, `:443`, trailing slash): a mangled URL is a different link.
   * The first match in dataset order wins.
   */
  findLinkByUrl(url: string): Link | undefined {
    // A link URL without a query is also its own bare form, so one map covers both cases of rule 2.
    return this.linksByUrl.get(url) ?? this.linksByBareUrl.get(withoutQuery(url));
  }

  /**
   * The item whose own URL (its `webUrl`) this is, compared as {@link itemUrlKey} does. Graph's shares API takes
   * such URLs as well as sharing links (reference §3: direct paths "/sites/{s}/Shared%20Documents/…").
   */
  findItemByUrl(url: string): ItemAt | undefined {
    const key = itemUrlKey(url);
    return key === undefined ? undefined : this.itemsByUrl.get(key);
  }

  /** A raw legacy personal share id `s!…` matches a link whose URL has it as a path segment. */
  findLinkByShareId(shareId: string): Link | undefined {
    return this.linksByShareId.get(shareId);
  }

  /**
   * Who may use a link: nobody when revoked; the drive owner always; anonymous → any signed-in user;
   * organization → work accounts in the owner's e-mail domain; users → the listed users. A `mustRedeem`
   * link additionally needs a redemption (reference §1.3, §7.6), which the caller checks.
   */
  access(link: Link, userId: string): LinkAccess {
    if (link.revoked || this.removed.has(link)) return 'denied';
    const expires = this.created.get(link)?.expirationDateTime;
    if (expires !== undefined && Date.parse(expires) <= Date.now()) return 'denied';
    const owner = this.target(link).drive.owner;
    if (userId === owner) return 'allowed';
    const user = this.users.user(userId);
    if (!user) return 'denied';
    let inScope = false;
    if (link.scope === 'anonymous') inScope = true;
    else if (link.scope === 'organization') {
      const ownerUser = this.users.user(owner);
      inScope = user.kind === 'work' && !!ownerUser && domainOf(user.email) === domainOf(ownerUser.email);
    } else inScope = link.users?.includes(userId) ?? false;
    // People `POST /shares/{t}/permission/grant` gave the link to may use it whatever its scope.
    if (!inScope) inScope = this.granted.get(link)?.users.has(userId) ?? false;
    if (!inScope) return 'denied';
    return link.mustRedeem ? 'needsRedemption' : 'allowed';
  }

  /** The links to `node` itself or to a folder containing it, dataset ones first. */
  linksTo(node: ItemNode): Link[] {
    return this.links.filter((link) => this.inherits(this.target(link), node));
  }

  /** Whether `node` is `ancestor` or lies somewhere inside it. */
  contains(ancestor: ItemNode, node: ItemNode): boolean {
    for (let current: ItemNode | undefined = node; current; current = current.parent) {
      if (current === ancestor) return true;
    }
    return false;
  }
}

export function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/**
 * An item's URL reduced to what makes it the same address: scheme and host in any case (the URL parser lowers
 * them and drops a default port), the path percent-decoded segment by segment (so `%20` and a space, or
 * `encodeURIComponent`'s escapes and the URL parser's, are the same), no query or fragment, no trailing slash.
 * Undefined for what is not a URL.
 */
export function itemUrlKey(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const { protocol, host, pathname } = new URL(url);
  const path = pathname.split('/').map(safeDecode).join('/').replace(/\/+$/, '');
  return `${protocol}//${host}${path}`;
}

/** Personal links (OneDrive consumer) get the `@onedrive.linkFeatures` annotation on their 403s. */
export function isPersonalUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === '1drv.ms' || host === 'onedrive.live.com' || host.endsWith('.onedrive.live.com');
  } catch {
    return false;
  }
}
