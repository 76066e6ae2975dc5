/**
 * Reading the ObjectStore (reference §1.4): properties by GUID, metadata by path, folder listings and
 * downloads. The same routes serve the whole store (`contentstore/…`, `drive/…`) and the inside of one share
 * (`…/share/{id}/…`, `…/publicshare/{id}/…`): `scope` is then the shared item, and paths start from it.
 */
import type { ApiRequest, Reply } from '../../core/http';
import { genericError } from './errors';
import type { ContentStore, CsItem } from './store';
import { type Answer, answer } from './wire';

/**
 * One item as `fileResource`: `GUID`, `parentGuid`, `sizeinBytes` and `file="1"` for files are documented
 * (reference §1.4); `directory="1"` for folders is taken from the share answer's `paths` [heur]; `name`, `path`,
 * `owner` and `modifiedTime` (epoch seconds) are [heur].
 */
export function fileResource(
  store: ContentStore,
  item: CsItem,
  scope: CsItem,
  name = 'fileResource',
): Answer {
  return {
    name,
    attrs: {
      GUID: item.guid,
      parentGuid: item === scope ? '' : (item.parent?.guid ?? ''),
      name: item.name,
      path: store.pathOf(item, scope),
      sizeinBytes: item.size,
      ...(item.folder ? { directory: 1 } : { file: 1 }),
      owner: item.owner,
      modifiedTime: Math.floor(item.modified / 1000),
    },
  };
}

function properties(store: ContentStore, req: ApiRequest, item: CsItem, scope: CsItem): Reply {
  return answer(req, 200, { name: 'App_FileResourceResponse', children: [fileResource(store, item, scope)] });
}

/**
 * A folder's children as repeated `fileResources` [heur: the element name], after the folder's own
 * `fileResource`; `limit` keeps the first N [heur: no paging beyond that].
 */
function listing(store: ContentStore, req: ApiRequest, folder: CsItem, scope: CsItem): Reply {
  if (!folder.folder) return genericError(req, 400, 'Only a folder can be listed.');
  const limit = Number.parseInt(req.query.get('limit') ?? '', 10);
  const children = Number.isInteger(limit) && limit >= 0 ? folder.children.slice(0, limit) : folder.children;
  return answer(req, 200, {
    name: 'App_FileResourceResponse',
    attrs: {
      totalFileCount: folder.children.filter((child) => !child.folder).length,
      totalFolderCount: folder.children.filter((child) => child.folder).length,
    },
    children: [
      fileResource(store, folder, scope),
      ...children.map((child) => ({ ...fileResource(store, child, scope, 'fileResources'), list: true })),
    ],
  });
}

/** The file's bytes: `size` bytes of filler [heur]; folders are not downloadable (reference §1.4). */
function download(req: ApiRequest, item: CsItem): Reply {
  if (item.folder) return genericError(req, 400, 'A folder cannot be downloaded.');
  return {
    status: 200,
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(item.name)}`,
    },
    body: Buffer.alloc(item.size, 'ShareLens emulator '),
  };
}

const notFoundItem = (req: ApiRequest) =>
  genericError(req, 404, 'The specified file or folder does not exist.');

/**
 * Routes below a store or share prefix, `sub` decoded: `file/{guid}`, `file/{guid}/action/download`,
 * `folder/{guid}/action/list`, `action/list?path=`, `action/metadata?path=`, `action/download?path=`, and
 * (inside a share) the empty path: the shared item's properties [heur]. Undefined when none matches.
 */
export function browse(
  store: ContentStore,
  req: ApiRequest,
  sub: readonly string[],
  scope: CsItem,
): Reply | undefined {
  const read = req.method === 'GET' || req.method === 'HEAD';
  // Listing is a POST in the reference; GET is accepted too [heur].
  const list = read || req.method === 'POST';
  const byGuid = (guid: string) => {
    const item = store.item(guid);
    return item && store.within(item, scope) ? item : undefined;
  };
  const byPath = () => {
    const path = req.query.get('path');
    return path === null ? undefined : store.itemAt(path, scope);
  };
  const [a, b, c, d] = sub.map((segment) => segment.toLowerCase());
  if (sub.length === 0 && read && scope !== store.root) return properties(store, req, scope, scope);
  if (a === 'file' && sub.length === 2 && read) {
    const item = byGuid(sub[1]!);
    return item ? properties(store, req, item, scope) : notFoundItem(req);
  }
  if (a === 'file' && sub.length === 4 && c === 'action' && d === 'download' && read) {
    const item = byGuid(sub[1]!);
    return item ? download(req, item) : notFoundItem(req);
  }
  if (a === 'folder' && sub.length === 4 && c === 'action' && d === 'list' && list) {
    const item = byGuid(sub[1]!);
    return item ? listing(store, req, item, scope) : notFoundItem(req);
  }
  if (a === 'action' && sub.length === 2) {
    if (req.query.get('path') === null && (b === 'list' || b === 'metadata' || b === 'download'))
      return genericError(req, 400, 'The path parameter is required, e.g. path=\\Folder\\file.docx.');
    if (b === 'list' && list) {
      const item = byPath();
      return item ? listing(store, req, item, scope) : notFoundItem(req);
    }
    if (b === 'metadata' && read) {
      const item = byPath();
      return item ? properties(store, req, item, scope) : notFoundItem(req);
    }
    if (b === 'download' && read) {
      const item = byPath();
      return item ? download(req, item) : notFoundItem(req);
    }
  }
  return undefined;
}
