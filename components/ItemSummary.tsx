import {
  describeLinkAccess,
  fileType,
  fileTypeLabel,
  formatDateTime,
  formatItemCount,
  formatRelative,
  formatSize,
  safeHttpsUrl,
} from '@/lib/format';
import { plural, t, tParts } from '@/lib/i18n';
import type { SharedItem } from '@/lib/model';
import { FileIcon } from './FileIcon';

const CHILDREN_SHOWN = 5;

/**
 * Name, type, where it is stored, size, owner, modified, folder contents and thumbnail of a shared item. All text, no HTML.
 * Names from the provider (items, people, folder entries) get `dir="auto"`, so a Hebrew or Arabic name
 * reads right inside an English or German interface.
 */
export function ItemSummary({ item, now = Date.now() }: { item: SharedItem; now?: number }) {
  const type = fileType(item);
  const webUrl = safeHttpsUrl(item.webUrl);
  const modified = item.modified ? formatRelative(item.modified, now) : undefined;
  const count = item.childCount ?? item.children?.length;
  const thumbnail = item.thumbnailDataUrl?.startsWith('data:image/') ? item.thumbnailDataUrl : undefined;
  const time = modified && item.modified && (
    <time dateTime={item.modified} title={formatDateTime(item.modified)}>
      {modified}
    </time>
  );
  return (
    <article class="item" aria-label={item.name}>
      <header class="item-header">
        <FileIcon type={type} />
        <div class="item-title">
          <h1 class="item-name" title={item.name} dir="auto">
            {webUrl ? (
              <a href={webUrl} target="_blank" rel="noopener noreferrer">
                {item.name}
              </a>
            ) : (
              item.name
            )}
          </h1>
          <p class="item-type">{fileTypeLabel(type)}</p>
          {item.source && (
            // The tenant's host, so that a look-alike tenant does not pass for the one the person knows.
            <p class="item-source" title={t('itemSourceHint')}>
              {item.source}
            </p>
          )}
        </div>
      </header>
      {thumbnail && <img class="thumbnail" src={thumbnail} alt={t('thumbnailAlt', item.name)} />}
      <dl class="facts">
        {item.kind === 'folder' && count !== undefined && (
          <div>
            <dt>{t('factContains')}</dt>
            <dd>{formatItemCount(count)}</dd>
          </div>
        )}
        {item.size !== undefined && item.kind !== 'folder' && (
          <div>
            <dt>{t('factSize')}</dt>
            <dd>{formatSize(item.size)}</dd>
          </div>
        )}
        {item.owner && (
          <div>
            <dt>{t('factOwner')}</dt>
            <dd title={item.owner.email} dir="auto">
              {item.owner.displayName}
            </dd>
          </div>
        )}
        {item.linkAccess && (
          <div>
            <dt>{t('linkAccessLabel')}</dt>
            <dd>{describeLinkAccess(item.linkAccess)}</dd>
          </div>
        )}
        {modified && item.modified && (
          <div>
            <dt>{t('factModified')}</dt>
            <dd>
              {item.modifiedBy && item.modifiedBy.displayName !== item.owner?.displayName
                ? tParts('modifiedWhenBy', time, <bdi dir="auto">{item.modifiedBy.displayName}</bdi>)
                : time}
            </dd>
          </div>
        )}
      </dl>
      {item.kind === 'folder' && item.children && item.children.length > 0 && (
        <ul class="children" aria-label={t('childrenLabel')}>
          {item.children.slice(0, CHILDREN_SHOWN).map((child) => (
            <li key={child.name}>
              <FileIcon type={fileType(child)} size={16} />
              <span class="child-name" dir="auto">
                {child.name}
              </span>
            </li>
          ))}
          {count !== undefined && count > CHILDREN_SHOWN && (
            <li class="more">
              {plural('moreChildren', count - Math.min(CHILDREN_SHOWN, item.children.length))}
            </li>
          )}
        </ul>
      )}
    </article>
  );
}
