/**
 * The emulated mailboxes and their folders: root, the top of the information store, Inbox, Calendar and Contacts.
 * Folder ids and change keys are opaque base64 strings, stable for a mailbox address (the same dataset gives the
 * same ids on every start), and ids are checked for shape: a malformed one is ErrorInvalidIdMalformed, a
 * well-formed one no folder has is ErrorFolderNotFound (reference §3.2).
 */
import { createHash } from 'node:crypto';
import { guidFrom } from '../../core/http';
import type { User } from '../identity/dataset';
import type { Directory } from '../identity/users';
import type { Exchange, Mailbox } from './dataset';

/** Distinguished folders the emulator has; every other DistinguishedFolderId is ErrorFolderNotFound [heur]. */
export type FolderKind = 'root' | 'msgfolderroot' | 'inbox' | 'calendar' | 'contacts';

interface FolderModel {
  /** the schema type the folder comes back as */
  element: 't:Folder' | 't:CalendarFolder' | 't:ContactsFolder';
  /** [heur] names as an English-language mailbox shows them; root has an empty name */
  displayName: string;
  /** undefined for root (no FolderClass element) */
  folderClass: string | undefined;
  parent: FolderKind | undefined;
  childFolderCount: number;
}

export const FOLDERS: Record<FolderKind, FolderModel> = {
  root: {
    element: 't:Folder',
    displayName: '',
    folderClass: undefined,
    parent: undefined,
    childFolderCount: 1,
  },
  msgfolderroot: {
    element: 't:Folder',
    displayName: 'Top of Information Store',
    folderClass: 'IPF.Note',
    parent: 'root',
    childFolderCount: 3,
  },
  inbox: {
    element: 't:Folder',
    displayName: 'Inbox',
    folderClass: 'IPF.Note',
    parent: 'msgfolderroot',
    childFolderCount: 0,
  },
  calendar: {
    element: 't:CalendarFolder',
    displayName: 'Calendar',
    folderClass: 'IPF.Appointment',
    parent: 'msgfolderroot',
    childFolderCount: 0,
  },
  contacts: {
    element: 't:ContactsFolder',
    displayName: 'Contacts',
    folderClass: 'IPF.Contact',
    parent: 'msgfolderroot',
    childFolderCount: 0,
  },
};

export const FOLDER_KINDS = Object.keys(FOLDERS) as FolderKind[];

/** Calendar and Contacts are the folders federated sharing takes (reference §2.2, "externally sharable"). */
export function isShareable(kind: FolderKind): boolean {
  return kind === 'calendar' || kind === 'contacts';
}

// An id: 4 header bytes, the mailbox GUID as 36 ASCII characters, 4 marker bytes, 16 bytes naming the folder.
// Its base64 starts with "AAMk", as Exchange's own folder ids do.
const ID_HEADER = Buffer.from([0x00, 0x03, 0x24, 0x00]);
const ID_MARKER = Buffer.from([0x00, 0x2e, 0x00, 0x00]);
const ID_LENGTH = ID_HEADER.length + 36 + ID_MARKER.length + 16;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function folderKey(smtp: string, kind: FolderKind): Buffer {
  return createHash('sha256').update(`folder:${smtp.toLowerCase()}:${kind}`).digest().subarray(0, 16);
}

function mailboxGuid(smtp: string): string {
  return guidFrom(`mailbox:${smtp.toLowerCase()}`);
}

export function folderIdOf(smtp: string, kind: FolderKind): string {
  return Buffer.concat([
    ID_HEADER,
    Buffer.from(mailboxGuid(smtp), 'ascii'),
    ID_MARKER,
    folderKey(smtp, kind),
  ]).toString('base64');
}

/** `AQAAABYAAAA…`: a change key's shape; the emulator's folders never change, so it is fixed per folder. */
export function changeKeyOf(smtp: string, kind: FolderKind): string {
  const hash = createHash('sha256').update(`changekey:${smtp.toLowerCase()}:${kind}`).digest();
  return Buffer.concat([Buffer.from([1, 0, 0, 0, 22, 0, 0, 0]), hash.subarray(0, 22)]).toString('base64');
}

/** Whether an id has the shape of the emulator's folder ids (else ErrorInvalidIdMalformed). */
export function isWellFormedId(id: string): boolean {
  if (!BASE64.test(id) || id.length % 4 !== 0) return false;
  const bytes = Buffer.from(id, 'base64');
  if (bytes.length !== ID_LENGTH) return false;
  if (!bytes.subarray(0, 4).equals(ID_HEADER)) return false;
  if (!bytes.subarray(40, 44).equals(ID_MARKER)) return false;
  return GUID.test(bytes.subarray(4, 40).toString('ascii'));
}

/** A mailbox with its owner. */
export interface MailboxEntry {
  mailbox: Mailbox;
  user: User;
  smtp: string;
  /** the part after `@`, lower case */
  domain: string;
}

/** A folder found by id. */
export interface FolderRef {
  owner: MailboxEntry;
  kind: FolderKind;
}

export class Mailboxes {
  private readonly byUser = new Map<string, MailboxEntry>();
  private readonly bySmtp = new Map<string, MailboxEntry>();
  private readonly byFolderId = new Map<string, FolderRef>();

  constructor(exchange: Exchange | undefined, users: Directory) {
    for (const mailbox of exchange?.mailboxes ?? []) {
      const user = users.user(mailbox.user);
      if (!user) continue;
      const smtp = mailbox.smtp.toLowerCase();
      const entry: MailboxEntry = { mailbox, user, smtp, domain: smtp.slice(smtp.lastIndexOf('@') + 1) };
      this.byUser.set(user.id, entry);
      this.bySmtp.set(smtp, entry);
      for (const kind of FOLDER_KINDS) this.byFolderId.set(folderIdOf(smtp, kind), { owner: entry, kind });
    }
  }

  ofUser(userId: string): MailboxEntry | undefined {
    return this.byUser.get(userId);
  }

  bySmtpAddress(address: string): MailboxEntry | undefined {
    return this.bySmtp.get(address.trim().toLowerCase());
  }

  folder(id: string): FolderRef | undefined {
    return this.byFolderId.get(id);
  }

  get all(): MailboxEntry[] {
    return [...this.byUser.values()];
  }
}
