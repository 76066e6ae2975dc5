/**
 * ContentStore's state: the ObjectStore tree (items by GUID and by `\` path), shares by id, and login sessions
 * with their idle clock. Dataset shares are copied, so `reset` can bring them back.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ContentStoreSection, CsFile, CsGroup, CsShare, CsUser } from './dataset';

export interface CsItem {
  guid: string;
  /** `''` for the root */
  name: string;
  owner: string;
  size: number;
  /** epoch milliseconds */
  modified: number;
  folder: boolean;
  parent: CsItem | undefined;
  children: CsItem[];
}

/** `sharedTo@userType` (reference §1.3): 1 user, 2 e-mail, 3 user group, 4 external (AD) group. */
export type UserType = 1 | 2 | 3 | 4;

export interface Recipient {
  userType: UserType;
  /** opaque (reference §1.3 [?]) */
  permission: number;
  /** the user name, e-mail address or group name, by userType */
  name: string;
}

export interface Share {
  id: number;
  guid: string;
  name: string;
  owner: string;
  public: boolean;
  /** plain text */
  password: string | undefined;
  recipients: Recipient[];
}

export interface Session {
  userName: string;
  lastUsed: number;
}

/** A stable 32-hex GUID from a seed (the root folder's). */
export function hexGuidFrom(seed: string): string {
  return createHash('sha1').update(seed).digest('hex').slice(0, 32);
}

const DEFAULT_MODIFIED = Date.parse('2026-01-15T09:00:00Z');
const EMPTY: ContentStoreSection = { users: [], groups: [], files: [] };

export class ContentStore {
  readonly users: readonly CsUser[];
  readonly groups: readonly CsGroup[];
  readonly root: CsItem;
  readonly idleMs: number;
  private readonly byGuid = new Map<string, CsItem>();
  private readonly datasetShares: readonly CsShare[];
  private shareMap = new Map<number, Share>();
  private nextShareId = 1;
  readonly sessions = new Map<string, Session>();
  /** added to the wall clock: tests move time forward to expire tokens */
  clockOffsetMs = 0;

  constructor(section: ContentStoreSection | undefined) {
    const data = section ?? EMPTY;
    this.users = data.users;
    this.groups = data.groups;
    this.idleMs = (data.idleMinutes ?? 30) * 60_000;
    this.datasetShares = data.shares ?? [];
    this.root = {
      guid: hexGuidFrom('contentstore-root'),
      name: '',
      owner: data.users[0]?.userName ?? 'admin',
      size: 0,
      modified: DEFAULT_MODIFIED,
      folder: true,
      parent: undefined,
      children: [],
    };
    this.byGuid.set(this.root.guid, this.root);
    this.root.children = data.files.map((file) => this.build(file, this.root));
    this.root.size = this.root.children.reduce((sum, child) => sum + child.size, 0);
    this.resetShares();
  }

  private build(file: CsFile, parent: CsItem): CsItem {
    const item: CsItem = {
      guid: file.guid,
      name: file.name,
      owner: file.owner,
      size: file.size ?? 0,
      modified: file.modified ? Date.parse(file.modified) : DEFAULT_MODIFIED,
      folder: file.children !== undefined,
      parent,
      children: [],
    };
    this.byGuid.set(item.guid, item);
    if (file.children) {
      item.children = file.children.map((child) => this.build(child, item));
      // A folder's size is what it holds.
      item.size = item.children.reduce((sum, child) => sum + child.size, 0);
    }
    return item;
  }

  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  item(guid: string): CsItem | undefined {
    return this.byGuid.get(guid.toLowerCase());
  }

  /** Every item but the root, depth first. */
  allItems(): CsItem[] {
    const result: CsItem[] = [];
    const walk = (item: CsItem) => {
      for (const child of item.children) {
        result.push(child);
        walk(child);
      }
    };
    walk(this.root);
    return result;
  }

  /** `\Folder\f.doc` below `base` (default the root); names compare without regard to case [heur]. */
  itemAt(path: string, base: CsItem = this.root): CsItem | undefined {
    let item: CsItem | undefined = base;
    for (const name of path.split('\\').filter(Boolean)) {
      item = item.children.find((child) => child.name.toLowerCase() === name.toLowerCase());
      if (!item) return undefined;
    }
    return item;
  }

  /** `\` for `base`, else `\Folder\f.doc` relative to it. */
  pathOf(item: CsItem, base: CsItem = this.root): string {
    const names: string[] = [];
    for (let at: CsItem | undefined = item; at && at !== base; at = at.parent) names.unshift(at.name);
    return `\\${names.join('\\')}`;
  }

  /** Whether `item` is `ancestor` or inside it. */
  within(item: CsItem, ancestor: CsItem): boolean {
    for (let at: CsItem | undefined = item; at; at = at.parent) if (at === ancestor) return true;
    return false;
  }

  user(nameOrEmail: string): CsUser | undefined {
    const key = nameOrEmail.toLowerCase();
    return this.users.find(
      (user) => user.userName.toLowerCase() === key || user.email?.toLowerCase() === key,
    );
  }

  group(name: string): CsGroup | undefined {
    return this.groups.find((group) => group.name.toLowerCase() === name.toLowerCase());
  }

  // Shares

  shares(): Share[] {
    return [...this.shareMap.values()];
  }

  share(id: number): Share | undefined {
    return this.shareMap.get(id);
  }

  shareOf(guid: string): Share | undefined {
    return this.shares().find((share) => share.guid === guid.toLowerCase());
  }

  addShare(fields: Omit<Share, 'id'>): Share {
    const share: Share = { ...fields, id: this.nextShareId++ };
    this.shareMap.set(share.id, share);
    return share;
  }

  removeShare(id: number): boolean {
    return this.shareMap.delete(id);
  }

  /** Whether a user may open a share: its owner, or a recipient by user name, e-mail or group. */
  canOpen(share: Share, userName: string): boolean {
    const user = this.user(userName);
    if (!user) return false;
    if (share.owner.toLowerCase() === user.userName.toLowerCase()) return true;
    const groups = new Set((user.groups ?? []).map((name) => name.toLowerCase()));
    return share.recipients.some((recipient) => {
      const name = recipient.name.toLowerCase();
      if (recipient.userType === 1) return name === user.userName.toLowerCase();
      if (recipient.userType === 2) return name === user.email?.toLowerCase();
      return groups.has(name);
    });
  }

  /** Back to the dataset's shares; new ids continue after the largest dataset id. */
  resetShares(): void {
    this.shareMap = new Map(
      this.datasetShares.map((share) => [
        share.id,
        {
          id: share.id,
          guid: share.guid,
          name: share.name,
          owner: share.owner,
          public: share.public === true,
          password: share.password,
          recipients: (share.sharedTo ?? []).map((to): Recipient => {
            if (to.userName !== undefined)
              return { userType: 1, permission: to.permission, name: to.userName };
            if (to.email !== undefined) return { userType: 2, permission: to.permission, name: to.email };
            const group = to.group ?? '';
            return { userType: this.group(group)?.external ? 4 : 3, permission: to.permission, name: group };
          }),
        },
      ]),
    );
    this.nextShareId = Math.max(0, ...this.datasetShares.map((share) => share.id)) + 1;
  }

  // Sessions

  /** A new `QSDK <hex>` token for a user (reference §1.2: the token comes prefixed). */
  openSession(userName: string): string {
    const token = `QSDK ${randomBytes(48).toString('hex')}`;
    this.sessions.set(token, { userName, lastUsed: this.now() });
    return token;
  }

  /** The session of an `Authtoken` value: `QSDK …`, or a bare token (cvpysdk prefixes those itself). */
  sessionOf(authtoken: string | undefined): { token: string; session: Session } | undefined {
    if (!authtoken) return undefined;
    const value = authtoken.trim();
    const token = /^qsdk /i.test(value) ? `QSDK ${value.slice(5).trim()}` : `QSDK ${value}`;
    const session = this.sessions.get(token);
    return session && { token, session };
  }

  isIdle(session: Session): boolean {
    return this.now() - session.lastUsed > this.idleMs;
  }
}
