/**
 * Graph's part of the dataset file: `drives` with nested items, and sharing `links`. Owners, `createdBy`,
 * `modifiedBy` and a link's `users` name accounts from the identity section's `users`.
 */
import { z } from 'zod';
import type { DatasetSection, Path } from '../../core/dataset';
import { Id, type IdentityData } from '../identity/dataset';

const DateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO 8601 date-time, e.g. 2026-03-01T09:30:00Z',
});

export const ItemSchema = z.looseObject({
  id: Id,
  name: z.string().min(1),
  size: z.number().int().nonnegative().optional(),
  mimeType: z.string().min(1).optional(),
  created: DateTime.optional(),
  modified: DateTime.optional(),
  createdBy: Id.optional(),
  modifiedBy: Id.optional(),
  thumbnail: z.literal(true).optional(),
  /** Overrides the derived `webUrl` (https on the link's host). */
  webUrl: z.url().optional(),
  // An item with `children` (even []) is a folder.
  get children(): z.ZodOptional<z.ZodArray<typeof ItemSchema>> {
    return z.array(ItemSchema).optional();
  },
});

export const DriveSchema = z.looseObject({
  id: Id,
  kind: z.enum(['business', 'personal']),
  owner: Id,
  items: z.array(ItemSchema),
  /** false: the organisation allows no anyone (anonymous) links here; createLink answers 403 (reference §2) */
  anonymousLinks: z.boolean().optional(),
});

const LinkUrl = z
  .string()
  .refine(
    (value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol),
    'must be an http(s) URL',
  )
  .refine(
    // Dataset URLs are what a browser's `a.href` yields, so a token built from a page's link matches exactly.
    (value) => /^[\x21-\x7e]+$/.test(value),
    'must be ASCII without spaces (percent-encode it as a browser does)',
  );

/** A link as the emulator keeps it: a dataset link, or one createLink made (those may be embed links). */
const LiveLinkSchema = z.looseObject({
  url: LinkUrl,
  item: Id,
  /** `embed` (personal drives only) comes from createLink alone */
  type: z.enum(['view', 'edit', 'embed']),
  scope: z.enum(['anonymous', 'organization', 'users']),
  users: z.array(Id).optional(),
  mustRedeem: z.literal(true).optional(),
  revoked: z.literal(true).optional(),
  /** A name for tests and the demo page to find the link by ("file", "folder", ...). */
  label: z.string().min(1).optional(),
});

export const LinkSchema = LiveLinkSchema.extend({ type: z.enum(['view', 'edit']) });

export type Item = z.infer<typeof ItemSchema>;
export type Drive = z.infer<typeof DriveSchema>;
export type Link = z.infer<typeof LiveLinkSchema>;

/** The id the emulator gives a drive's root folder; dataset items may not use it. */
export function rootIdOf(drive: { id: string }): string {
  return `${drive.id}-root`;
}

const shape = {
  drives: z.array(DriveSchema),
  links: z.array(LinkSchema),
};
export type GraphData = z.infer<z.ZodObject<typeof shape>>;

export const graphDataset: DatasetSection<typeof shape> = {
  shape,
  check(dataset: GraphData & Pick<IdentityData, 'users'>, problem) {
    const userIds = new Set(dataset.users.map((user) => user.id));
    const checkUser = (path: Path, id: string | undefined) => {
      if (id !== undefined && !userIds.has(id)) problem(path, `no user with id "${id}"`);
    };

    const driveIds = new Set<string>();
    const rootIds = new Set(dataset.drives.map(rootIdOf));
    const itemIds = new Set<string>();
    const walk = (items: Item[], path: Path) => {
      items.forEach((item, index) => {
        const here = [...path, index];
        if (itemIds.has(item.id)) problem([...here, 'id'], `duplicate item id "${item.id}"`);
        if (rootIds.has(item.id))
          problem([...here, 'id'], `"${item.id}" is reserved for a drive's root folder`);
        itemIds.add(item.id);
        checkUser([...here, 'createdBy'], item.createdBy);
        checkUser([...here, 'modifiedBy'], item.modifiedBy);
        if (item.children) walk(item.children, [...here, 'children']);
      });
    };
    dataset.drives.forEach((drive, index) => {
      if (driveIds.has(drive.id)) problem(['drives', index, 'id'], `duplicate drive id "${drive.id}"`);
      driveIds.add(drive.id);
      checkUser(['drives', index, 'owner'], drive.owner);
      walk(drive.items, ['drives', index, 'items']);
    });

    const urls = new Map<string, number>();
    const labels = new Map<string, number>();
    dataset.links.forEach((link, index) => {
      if (!itemIds.has(link.item)) problem(['links', index, 'item'], `no item with id "${link.item}"`);
      link.users?.forEach((id, userIndex) => {
        checkUser(['links', index, 'users', userIndex], id);
      });
      const sameUrl = urls.get(link.url);
      if (sameUrl !== undefined) problem(['links', index, 'url'], `same URL as links[${sameUrl}]`);
      else urls.set(link.url, index);
      if (link.label !== undefined) {
        const sameLabel = labels.get(link.label);
        if (sameLabel !== undefined) problem(['links', index, 'label'], `same label as links[${sameLabel}]`);
        else labels.set(link.label, index);
      }
    });
  },
};
