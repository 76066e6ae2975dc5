import {
  FILE_TYPE_LABEL,
  fileType,
  formatDateTime,
  formatItemCount,
  formatRelative,
  formatSize,
  safeItemUrl,
} from '@/lib/format';
import type { SharedItem } from '@/lib/model';
import { FileIcon } from './FileIcon';

const CHILDREN_SHOWN = 5;

/** Name, type, size, owner, modified, folder contents and thumbnail of a shared item. All text, no HTML. */
export function ItemSummary({ item, now = Date.now() }: { item: SharedItem; now?: number }) {
  const type = fileType(item);
  const webUrl = safeItemUrl(item.webUrl);
  const modified = item.modified ? formatRelative(item.modified, now) : undefined;
  const count = item.childCount ?? item.children?.length;
  const thumbnail = item.thumbnailDataUrl?.startsWith('data:image/') ? item.thumbnailDataUrl : undefined;
  return (
    <article class="item" aria-label={item.name}>
      <header class="item-header">
        <FileIcon type={type} />
        <div class="item-title">
          <h1 class="item-name" title={item.name}>
            {webUrl ? (
              <a href={webUrl} target="_blank" rel="noopener noreferrer">
                {item.name}
              </a>
            ) : (
              item.name
            )}
          </h1>
          <p class="item-type">{FILE_TYPE_LABEL[type]}</p>
        </div>
      </header>
      {thumbnail && <img class="thumbnail" src={thumbnail} alt={`Preview of ${item.name}`} />}
      <dl class="facts">
        {item.kind === 'folder' && count !== undefined && (
          <div>
            <dt>Contains</dt>
            <dd>{formatItemCount(count)}</dd>
          </div>
        )}
        {item.size !== undefined && item.kind !== 'folder' && (
          <div>
            <dt>Size</dt>
            <dd>{formatSize(item.size)}</dd>
          </div>
        )}
        {item.owner && (
          <div>
            <dt>Owner</dt>
            <dd title={item.owner.email}>{item.owner.displayName}</dd>
          </div>
        )}
        {modified && item.modified && (
          <div>
            <dt>Modified</dt>
            <dd>
              <time dateTime={item.modified} title={formatDateTime(item.modified)}>
                {modified}
              </time>
              {item.modifiedBy && item.modifiedBy.displayName !== item.owner?.displayName
                ? ` by ${item.modifiedBy.displayName}`
                : ''}
            </dd>
          </div>
        )}
      </dl>
      {item.kind === 'folder' && item.children && item.children.length > 0 && (
        <ul class="children" aria-label="In this folder">
          {item.children.slice(0, CHILDREN_SHOWN).map((child) => (
            <li key={child.name}>
              <FileIcon type={fileType(child)} size={16} />
              <span class="child-name">{child.name}</span>
            </li>
          ))}
          {count !== undefined && count > CHILDREN_SHOWN && (
            <li class="more">and {count - Math.min(CHILDREN_SHOWN, item.children.length)} more</li>
          )}
        </ul>
      )}
    </article>
  );
}
