import { z } from 'zod';

/**
 * Response schemas for the parts of Microsoft Graph that ShareLens reads. Lenient on purpose: Graph
 * adds fields all the time and personal and business drives differ (reference/graph-shares.md §1.4),
 * so unknown fields pass through and every field but `id` and `name` may be missing.
 */

/**
 * An optional field that is dropped, not fatal, when it has an unexpected type (`null`, a string
 * size, …): one odd field should not cost the person the whole preview.
 */
function optional<T extends z.ZodType>(schema: T) {
  return schema.optional().catch(undefined);
}

const identitySchema = z.looseObject({
  id: optional(z.string()),
  displayName: optional(z.string()),
  email: optional(z.string()),
});

const identitySetSchema = z.looseObject({
  user: optional(identitySchema),
});

const facetSchemas = {
  file: optional(z.looseObject({ mimeType: optional(z.string()) })),
  folder: optional(z.looseObject({ childCount: optional(z.number().int().nonnegative()) })),
  /** Opaque bundle; `type: "oneNote"` is the only documented one. */
  package: optional(z.looseObject({ type: optional(z.string()) })),
};

const parentReferenceSchema = z.looseObject({
  driveId: optional(z.string()),
  driveType: optional(z.string()),
  id: optional(z.string()),
});

const childSchema = z.looseObject({
  id: optional(z.string()),
  name: z.string(),
  size: optional(z.number().nonnegative()),
  ...facetSchemas,
});

export type DriveItemChild = z.infer<typeof childSchema>;

const thumbnailSchema = z.looseObject({
  url: optional(z.string()),
  width: optional(z.number()),
  height: optional(z.number()),
});

const thumbnailSetSchema = z.looseObject({
  id: optional(z.string()),
  small: optional(thumbnailSchema),
  medium: optional(thumbnailSchema),
  large: optional(thumbnailSchema),
});

export const SHARING_SCOPES = ['anonymous', 'organization', 'users', 'existingAccess'] as const;

export const driveItemSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  size: optional(z.number().nonnegative()),
  webUrl: optional(z.string()),
  createdDateTime: optional(z.string()),
  lastModifiedDateTime: optional(z.string()),
  createdBy: optional(identitySetSchema),
  lastModifiedBy: optional(identitySetSchema),
  parentReference: optional(parentReferenceSchema),
  shared: optional(
    z.looseObject({
      owner: optional(identitySetSchema),
      scope: optional(z.enum(SHARING_SCOPES)),
    }),
  ),
  ...facetSchemas,
  /** An item that lives in another drive carries its facets and drive here. */
  remoteItem: optional(
    z.looseObject({
      id: optional(z.string()),
      ...facetSchemas,
      parentReference: optional(parentReferenceSchema),
    }),
  ),
  /** Each child is checked on its own, so one odd child does not hide the others. */
  children: optional(
    z
      .array(z.unknown())
      .transform((items) => items.flatMap((item) => childSchema.safeParse(item).data ?? [])),
  ),
  thumbnails: optional(z.array(thumbnailSetSchema)),
});

export type DriveItem = z.infer<typeof driveItemSchema>;

/** `GET /shares/{t}/permission`: the permission the sharing link itself grants (reference §1.2, §2). */
export const linkPermissionSchema = z.looseObject({
  roles: optional(z.array(z.string())),
  link: z.looseObject({ type: optional(z.string()), scope: optional(z.string()) }),
  expirationDateTime: optional(z.string()),
  hasPassword: optional(z.boolean()),
});

/** Relationships ShareLens expands rather than selects. */
const EXPANDED = new Set(['children', 'thumbnails']);

/**
 * `$select` for the driveItem and for its children: exactly the properties the schemas above read, so Graph
 * sends nothing more, and every name is a driveItem property (Graph answers 400 for any other,
 * learn.microsoft.com/graph/query-parameters).
 */
export const DRIVE_ITEM_SELECT: readonly string[] = Object.keys(driveItemSchema.shape).filter(
  (name) => !EXPANDED.has(name),
);
export const CHILD_SELECT: readonly string[] = Object.keys(childSchema.shape);

/**
 * One level of a Graph error: `{error:{code,message,innerError:{…}}}`. The OneDrive docs spell the
 * nested object `innererror` and nest codes recursively (reference/graph-shares.md §1.6).
 */
export const graphErrorNodeSchema = z.looseObject({
  code: optional(z.string()),
  innerError: z.unknown().optional(),
  innererror: z.unknown().optional(),
});

/** `POST /$batch` reply: one part per request, in any order (reference/graph-shares.md §1.8). */
export const batchResponseSchema = z.looseObject({
  responses: z.array(
    z.looseObject({
      id: z.string(),
      status: z.number().int(),
      headers: optional(z.record(z.string(), z.unknown())),
      body: z.unknown().optional(),
    }),
  ),
});

export type BatchResponse = z.infer<typeof batchResponseSchema>;
