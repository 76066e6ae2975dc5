/**
 * The Commvault ContentStore's part of the dataset file: one `contentstore` key with its CommCell `users` and
 * `groups`, the ObjectStore root's `files` (nested), existing `shares` and the token idle time. The key is
 * optional: dataset files written before this service stay valid.
 */
import { z } from 'zod';
import type { DatasetSection, Path } from '../../core/dataset';

const Name = z.string().min(1, 'must be a non-empty string');

/** Files and folders are named by 32 hex digits without hyphens (reference §3.1); kept lower-case. */
export const Guid = z
  .string()
  .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hexadecimal digits (a GUID without hyphens)')
  .transform((value) => value.toLowerCase());

const DateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time, e.g. 2026-03-01T09:30:00Z',
});

export const CsUserSchema = z.looseObject({
  userName: Name,
  /** what Login compares with the base64-decoded password */
  password: z.string(),
  email: z.email({ error: 'must be an e-mail address' }).optional(),
  groups: z.array(Name).optional(),
});

export const CsGroupSchema = z.looseObject({
  name: Name,
  /** an AD group: shared to with userType 4 (`externalGroup`) instead of 3 (`group`) */
  external: z.literal(true).optional(),
});

export const CsFileSchema = z.looseObject({
  guid: Guid,
  name: Name.refine((value) => !/[\\/]/.test(value), 'must not contain \\ or /'),
  owner: Name,
  size: z.number().int().nonnegative().optional(),
  modified: DateTime.optional(),
  // A file with `children` (even []) is a folder.
  get children(): z.ZodOptional<z.ZodArray<typeof CsFileSchema>> {
    return z.array(CsFileSchema).optional();
  },
});

export const CsRecipientSchema = z.looseObject({
  userName: Name.optional(),
  email: z.email({ error: 'must be an e-mail address' }).optional(),
  group: Name.optional(),
  /** kept as given: 1 view and 2 edit are likely but unconfirmed (reference §1.3 [?]) */
  permission: z.number().int(),
});

export const CsShareSchema = z.looseObject({
  /** the share id (`syncWebFolderId`) */
  id: z.number().int().positive(),
  guid: Guid,
  name: Name,
  owner: Name,
  public: z.literal(true).optional(),
  /** plain text; clients send it base64-encoded */
  password: z.string().min(1).optional(),
  sharedTo: z.array(CsRecipientSchema).optional(),
});

export const ContentStoreSchema = z.looseObject({
  users: z.array(CsUserSchema),
  groups: z.array(CsGroupSchema),
  files: z.array(CsFileSchema),
  shares: z.array(CsShareSchema).optional(),
  /** a token expires after this long without a request (reference §1.2: 30) */
  idleMinutes: z.number().positive().optional(),
});

export type CsUser = z.infer<typeof CsUserSchema>;
export type CsGroup = z.infer<typeof CsGroupSchema>;
export type CsFile = z.infer<typeof CsFileSchema>;
export type CsRecipient = z.infer<typeof CsRecipientSchema>;
export type CsShare = z.infer<typeof CsShareSchema>;
export type ContentStoreSection = z.infer<typeof ContentStoreSchema>;

const shape = { contentstore: ContentStoreSchema.optional() };
export type ContentStoreData = z.infer<z.ZodObject<typeof shape>>;

export const contentStoreDataset: DatasetSection<typeof shape> = {
  shape,
  check({ contentstore: section }, problem) {
    if (!section) return;
    const at = (...path: Path): Path => ['contentstore', ...path];
    const userNames = new Set<string>();
    const emails = new Map<string, number>();
    section.users.forEach((user, index) => {
      const key = user.userName.toLowerCase();
      if (userNames.has(key))
        problem(at('users', index, 'userName'), `duplicate userName "${user.userName}"`);
      userNames.add(key);
      if (user.email !== undefined) {
        const first = emails.get(user.email.toLowerCase());
        if (first !== undefined) problem(at('users', index, 'email'), `same e-mail as users[${first}]`);
        else emails.set(user.email.toLowerCase(), index);
      }
    });
    const groupNames = new Set<string>();
    section.groups.forEach((group, index) => {
      const key = group.name.toLowerCase();
      if (groupNames.has(key)) problem(at('groups', index, 'name'), `duplicate group "${group.name}"`);
      groupNames.add(key);
    });
    section.users.forEach((user, index) => {
      user.groups?.forEach((name, groupIndex) => {
        if (!groupNames.has(name.toLowerCase()))
          problem(at('users', index, 'groups', groupIndex), `no group named "${name}"`);
      });
    });
    const checkUser = (path: Path, name: string) => {
      if (!userNames.has(name.toLowerCase())) problem(path, `no user named "${name}"`);
    };

    const guids = new Set<string>();
    const walk = (files: CsFile[], path: Path) => {
      const siblings = new Set<string>();
      files.forEach((file, index) => {
        const here = [...path, index];
        if (guids.has(file.guid)) problem([...here, 'guid'], `duplicate guid "${file.guid}"`);
        guids.add(file.guid);
        // Paths name items (`\Folder\f.doc`), compared without regard to case: siblings need distinct names.
        if (siblings.has(file.name.toLowerCase()))
          problem([...here, 'name'], `another item in this folder is named "${file.name}"`);
        siblings.add(file.name.toLowerCase());
        checkUser([...here, 'owner'], file.owner);
        if (file.children) walk(file.children, [...here, 'children']);
      });
    };
    walk(section.files, at('files'));

    const ids = new Set<number>();
    const sharedGuids = new Map<string, number>();
    section.shares?.forEach((share, index) => {
      if (ids.has(share.id)) problem(at('shares', index, 'id'), `duplicate share id ${share.id}`);
      ids.add(share.id);
      if (!guids.has(share.guid)) problem(at('shares', index, 'guid'), `no file with guid "${share.guid}"`);
      const first = sharedGuids.get(share.guid);
      if (first !== undefined) problem(at('shares', index, 'guid'), `already shared by shares[${first}]`);
      else sharedGuids.set(share.guid, index);
      checkUser(at('shares', index, 'owner'), share.owner);
      if (share.password !== undefined && !share.public)
        problem(at('shares', index, 'password'), 'only a public share has a password');
      share.sharedTo?.forEach((recipient, recipientIndex) => {
        const here = at('shares', index, 'sharedTo', recipientIndex);
        const named = [recipient.userName, recipient.email, recipient.group].filter(
          (value) => value !== undefined,
        );
        if (named.length !== 1) problem(here, 'needs exactly one of userName, email, group');
        if (recipient.userName !== undefined) checkUser([...here, 'userName'], recipient.userName);
        if (recipient.group !== undefined && !groupNames.has(recipient.group.toLowerCase()))
          problem([...here, 'group'], `no group named "${recipient.group}"`);
      });
    });
  },
};
