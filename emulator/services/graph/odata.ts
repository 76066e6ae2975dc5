/**
 * OData query options as Graph reads them (learn.microsoft.com/graph/query-parameters): `$select` and
 * `$expand` checked against each resource type's properties, `$top`, and the `@odata.context` URLs that name
 * what an answer holds (`…/$metadata#shares('…')/driveItem/$entity`).
 */

/** A 400 with a Graph error code. */
export class QueryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A resource type: its structural properties and its navigation properties (relationships). */
export interface ResourceType {
  /** `microsoft.graph.driveItem` */
  name: string;
  properties: readonly string[];
  navigation: readonly string[];
  /** names that are neither, but still selectable (instance annotations, custom thumbnail sizes) */
  alsoSelectable?: (name: string) => boolean;
}

const BASE_ITEM = [
  'id',
  'createdBy',
  'createdByUser',
  'createdDateTime',
  'description',
  'eTag',
  'lastModifiedBy',
  'lastModifiedByUser',
  'lastModifiedDateTime',
  'name',
  'parentReference',
  'webUrl',
];

/** learn.microsoft.com/graph/api/resources/driveitem (properties and relationships). */
export const DRIVE_ITEM: ResourceType = {
  name: 'microsoft.graph.driveItem',
  properties: [
    ...BASE_ITEM,
    'audio',
    'bundle',
    'cTag',
    'deleted',
    'file',
    'fileSystemInfo',
    'folder',
    'image',
    'location',
    'malware',
    'package',
    'pendingOperations',
    'photo',
    'publication',
    'remoteItem',
    'root',
    'searchResult',
    'shared',
    'sharepointIds',
    'size',
    'specialFolder',
    'video',
    'webDavUrl',
  ],
  navigation: [
    'activities',
    'analytics',
    'children',
    'listItem',
    'permissions',
    'retentionLabel',
    'subscriptions',
    'thumbnails',
    'versions',
    'workbook',
  ],
  // The driveItem page: "@microsoft.graph.downloadUrl" can be asked for with $select.
  alsoSelectable: (name) => name.toLowerCase() === '@microsoft.graph.downloadurl',
};

/** learn.microsoft.com/graph/api/resources/shareddriveitem */
export const SHARED_DRIVE_ITEM: ResourceType = {
  name: 'microsoft.graph.sharedDriveItem',
  properties: [...BASE_ITEM, 'owner'],
  navigation: ['driveItem', 'items', 'list', 'listItem', 'permission', 'root', 'site'],
};

/** learn.microsoft.com/graph/api/resources/permission */
export const PERMISSION: ResourceType = {
  name: 'microsoft.graph.permission',
  properties: [
    'id',
    'expirationDateTime',
    'grantedTo',
    'grantedToIdentities',
    'grantedToIdentitiesV2',
    'grantedToV2',
    'hasPassword',
    'inheritedFrom',
    'invitation',
    'link',
    'roles',
    'shareId',
  ],
  navigation: [],
};

/**
 * Standard sizes and `c{width}x{height}[_crop]` (OneDrive docs, driveitem_list_thumbnails: "Size options",
 * "Requesting custom thumbnail sizes").
 */
export const CUSTOM_THUMBNAIL = /^c(\d{1,4})x(\d{1,4})(_crop)?$/i;

/** learn.microsoft.com/graph/api/resources/thumbnailset */
export const THUMBNAIL_SET: ResourceType = {
  name: 'microsoft.graph.thumbnailSet',
  properties: ['id', 'small', 'medium', 'large', 'source', 'smallSquare', 'mediumSquare', 'largeSquare'],
  navigation: [],
  alsoSelectable: (name) => CUSTOM_THUMBNAIL.test(name),
};

/** learn.microsoft.com/graph/api/resources/list */
export const LIST: ResourceType = {
  name: 'microsoft.graph.list',
  properties: [...BASE_ITEM, 'displayName', 'list', 'sharepointIds', 'system'],
  navigation: ['columns', 'contentTypes', 'drive', 'items', 'operations', 'subscriptions'],
};

/** learn.microsoft.com/graph/api/resources/listitem */
export const LIST_ITEM: ResourceType = {
  name: 'microsoft.graph.listItem',
  properties: [...BASE_ITEM.filter((name) => name !== 'name'), 'contentType', 'sharepointIds'],
  navigation: ['analytics', 'documentSetVersions', 'driveItem', 'fields', 'versions'],
};

/** learn.microsoft.com/graph/api/resources/site */
export const SITE: ResourceType = {
  name: 'microsoft.graph.site',
  properties: [...BASE_ITEM, 'displayName', 'isPersonalSite', 'root', 'sharepointIds', 'siteCollection'],
  navigation: [
    'columns',
    'contentTypes',
    'drive',
    'drives',
    'items',
    'lists',
    'onenote',
    'permissions',
    'sites',
  ],
};

/** Query options keyed by lower-case name without `$` (`$`-less options are accepted, reference §7.1). */
export function odataOptions(query: URLSearchParams): Map<string, string> {
  const options = new Map<string, string>();
  for (const [name, value] of query) {
    const key = name.replace(/^\$/, '').toLowerCase();
    if (!options.has(key)) options.set(key, value);
  }
  return options;
}

/** Splits `a,b(c,d),e` at the separators outside parentheses. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    else if (char === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

function notFoundOn(type: ResourceType, name: string): QueryError {
  return new QueryError(
    'BadRequest',
    `Parsing OData Select and Expand failed: Could not find a property named '${name}' on type '${type.name}'.`,
  );
}

/** The name as the type spells it, or undefined (names are matched case-insensitively). */
function known(names: readonly string[], name: string): string | undefined {
  return names.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
}

/**
 * `$select=a,b`: the names as the type spells them (undefined without `$select`, or for `*`). A name the type
 * does not have is a 400, as Graph answers it.
 */
export function parseSelect(value: string | undefined, type: ResourceType): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (names.includes('*')) return undefined;
  return names.map((name) => {
    const spelled = known(type.properties, name) ?? known(type.navigation, name);
    if (spelled) return spelled;
    if (type.alsoSelectable?.(name)) return name;
    throw notFoundOn(type, name);
  });
}

/** One `$expand` entry: a navigation property (as the type spells it) and its nested options. */
export interface Expansion {
  name: string;
  options: Map<string, string>;
}

/** `children`, `children($select=id,name;$top=5;$expand=thumbnails)`, `thumbnails($select=medium)`. */
export function parseExpand(value: string | undefined, type: ResourceType): Expansion[] {
  return splitTopLevel(value ?? '', ',').map((part) => {
    const match = /^([A-Za-z@.]+)(?:\((.*)\))?$/s.exec(part);
    const name = match ? known(type.navigation, match[1]!) : undefined;
    if (!name) {
      throw known(type.properties, match?.[1] ?? '')
        ? new QueryError(
            'BadRequest',
            `Property '${match?.[1]}' on type '${type.name}' is not a navigation property.`,
          )
        : notFoundOn(type, part);
    }
    const options = new Map<string, string>();
    for (const option of splitTopLevel(match?.[2] ?? '', ';')) {
      const eq = option.indexOf('=');
      options.set(option.slice(0, eq).replace(/^\$/, '').toLowerCase(), option.slice(eq + 1));
    }
    return { name, options };
  });
}

export function parseTop(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new QueryError('invalidRequest', `Invalid $top value '${value}'.`);
  return Number(value);
}

/** Only the selected properties (all without `$select`); `@` annotations go only when selected. */
export function pick(
  body: Record<string, unknown>,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  if (!select) return body;
  const wanted = new Set(select.map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(body).filter(([key]) => wanted.has(key.toLowerCase())));
}

/**
 * An OData context URL: `{versionBase}/$metadata#{path}` with the selected properties in parentheses after the
 * last segment, and `/$entity` for a single entity (OData 4.0 Part 1 §10).
 */
export function contextUrl(
  versionBase: string,
  path: string,
  options: { select?: readonly string[] | undefined; entity?: boolean } = {},
): string {
  const selected = options.select ? `(${options.select.join(',')})` : '';
  return `${versionBase}/$metadata#${path}${selected}${options.entity ? '/$entity' : ''}`;
}

/** `shares('u!…')`: an entity key as OData writes it. */
export function keySegment(set: string, key: string): string {
  return `${set}('${encodeURIComponent(key).replace(/'/g, "''")}')`;
}
