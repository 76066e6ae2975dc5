import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FileIcon } from '@/components/FileIcon';
import {
  FILE_TYPE_LABEL,
  fileType,
  formatItemCount,
  formatRelative,
  formatSize,
  safeHttpsUrl,
  safeItemUrl,
} from '@/lib/format';
import type { ListPortMessage, ListUpdate, PageLink } from '@/lib/messages';
import type { PreviewState } from '@/lib/model';
import { LIST_PORT } from '@/lib/ports';
import { encodeSharingUrl } from '@/lib/sharing-token';
import { isSiteDisabled, switchSite } from '@/lib/sites';
import { send } from '@/utils/background';
import { linksOfTab, targetTabId } from './tab-links';

interface Row {
  link: PageLink;
  state: PreviewState;
}

type Phase = 'finding' | 'unreadable' | 'resolving' | 'done';

/** The most links one popup lists (the list port's schema allows as many). */
const MAX_LINKS = 2000;

function describeFailure(state: PreviewState): string | undefined {
  if (state.status === 'signedOut') return 'Sign in to see this item.';
  if (state.status === 'failed') return state.error.message;
  return undefined;
}

function RowView({
  row,
  onRedeem,
  onCopy,
}: {
  row: Row;
  onRedeem(row: Row): void;
  onCopy(text: string, what: string): void;
}) {
  const { link, state } = row;
  const item = state.status === 'ready' ? state.item : undefined;
  const type = item ? fileType(item) : 'file';
  const title = item?.name ?? (link.text || link.url);
  const openUrl = safeItemUrl(item?.webUrl) ?? safeHttpsUrl(link.url);
  const facts: string[] = [];
  if (item?.owner) facts.push(item.owner.displayName);
  if (item?.kind === 'folder' && item.childCount !== undefined) {
    facts.push(formatItemCount(item.childCount));
  } else if (item?.size !== undefined) facts.push(formatSize(item.size));
  const modified = item?.modified ? formatRelative(item.modified, Date.now()) : undefined;
  if (modified) facts.push(`modified ${modified}`);
  const failure = describeFailure(state);
  return (
    <li class="row" aria-label={title}>
      <div class="row-icon">
        {item ? <FileIcon type={type} /> : <span class="placeholder" aria-hidden="true" />}
      </div>
      <div class="row-main">
        <p class="row-title" title={link.url}>
          {title}
        </p>
        {item && <p class="row-facts">{[FILE_TYPE_LABEL[type], ...facts].join(' · ')}</p>}
        {state.status === 'loading' && <p class="row-facts">Loading…</p>}
        {failure && <p class="row-error">{failure}</p>}
      </div>
      <div class="row-actions">
        {openUrl ? (
          <a
            class="button small"
            href={openUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Open ${title}`}
          >
            Open
          </a>
        ) : null}
        <button
          type="button"
          class="button small"
          onClick={() => onCopy(link.url, 'Link')}
          aria-label={`Copy link to ${title}`}
        >
          Copy link
        </button>
        <button
          type="button"
          class="button small"
          onClick={() => onCopy(encodeSharingUrl(link.url), 'Sharing token')}
          aria-label={`Copy sharing token of ${title}`}
        >
          Copy sharing token
        </button>
        <button
          type="button"
          class="button small"
          onClick={() => onRedeem(row)}
          aria-label={`Redeem ${title}`}
        >
          Redeem
        </button>
      </div>
    </li>
  );
}

export function Popup() {
  const [rows, setRows] = useState<Row[]>([]);
  const [phase, setPhase] = useState<Phase>('finding');
  const [progress, setProgress] = useState<{ done: number; total: number }>({ done: 0, total: 0 });
  const [retryAt, setRetryAt] = useState<number>();
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState('');
  const [generation, setGeneration] = useState(0);
  const [truncated, setTruncated] = useState(false);
  const [site, setSite] = useState<{ host: string; previewsOn: boolean }>();
  const filterBox = useRef<HTMLInputElement>(null);

  const update = (url: string, state: PreviewState) =>
    setRows((current) => current.map((row) => (row.link.url === url ? { ...row, state } : row)));

  useEffect(() => {
    let port: ReturnType<typeof browser.runtime.connect> | undefined;
    let finished = false;
    void (async () => {
      const tabId = await targetTabId();
      const found = tabId === undefined ? { links: [], readable: false } : await linksOfTab(tabId);
      if (found.readable && found.pageUrl) void loadSite(new URL(found.pageUrl).host);
      // Very long pages: the first MAX_LINKS links are listed (the message schema caps them too).
      setTruncated(found.links.length > MAX_LINKS);
      found.links.splice(MAX_LINKS);
      setRows(found.links.map((link) => ({ link, state: { status: 'loading' } })));
      if (found.links.length === 0) {
        setPhase(found.readable ? 'done' : 'unreadable');
        return;
      }
      setPhase('resolving');
      setProgress({ done: 0, total: found.links.length });
      port = browser.runtime.connect({ name: LIST_PORT });
      port.onMessage.addListener((raw: unknown) => {
        const message = raw as ListUpdate;
        if (message.type === 'progress') setProgress({ done: message.done, total: message.total });
        else if (message.type === 'result') update(message.url, message.state);
        else if (message.type === 'throttled') setRetryAt(message.retryAt);
        else if (message.type === 'done') {
          finished = true;
          setPhase('done');
          setRetryAt(undefined);
        }
      });
      // The service worker can stop while it works: start again (cached answers come back at once).
      port.onDisconnect.addListener(() => {
        if (!finished) setGeneration((n) => n + 1);
      });
      port.postMessage({
        type: 'resolve',
        urls: found.links.map((link) => link.url),
      } satisfies ListPortMessage);
    })();
    return () => {
      finished = true;
      port?.disconnect();
    };
  }, [generation]);

  // Keyboard users start in the filter box as soon as there is something to filter.
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (hasRows) filterBox.current?.focus();
  }, [hasRows]);

  const visible = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    if (!needle) return rows;
    return rows.filter((row) => {
      const item = row.state.status === 'ready' ? row.state.item : undefined;
      return [row.link.text, row.link.url, item?.name, item?.owner?.displayName]
        .filter(Boolean)
        .some((text) => text?.toLowerCase().includes(needle));
    });
  }, [rows, filter]);

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setNotice(`${what} copied.`);
    } catch {
      setNotice(`Could not copy the ${what.toLowerCase()}.`);
    }
  };

  const redeem = async (row: Row) => {
    setNotice(`Redeeming ${row.link.text || 'link'}…`);
    try {
      const outcome = await send({ type: 'links/redeem', url: row.link.url });
      setNotice(outcome.message);
      if (outcome.item) update(row.link.url, { status: 'ready', item: outcome.item });
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    }
  };

  const loadSite = async (host: string) => {
    const settings = await send({ type: 'settings/get' });
    setSite({ host, previewsOn: !isSiteDisabled(settings, host) });
  };

  /** The per-site switch, saved through the same settings path as the options page. */
  const switchPreviews = async (host: string, previewsOn: boolean) => {
    try {
      const settings = await send({ type: 'settings/get' });
      const result = await send({
        type: 'settings/save',
        settings: { ...settings, disabledSites: switchSite(settings.disabledSites, host, previewsOn) },
      });
      if (!result.saved) throw new Error(Object.values(result.errors)[0] ?? 'The setting was not saved.');
      setSite({ host, previewsOn });
      setNotice(previewsOn ? `Previews are on for ${host}.` : `Previews are off for ${host}.`);
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    }
  };

  const signIn = async () => {
    try {
      const status = await send({ type: 'auth/sign-in' });
      if (status.signedIn) setGeneration((n) => n + 1);
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    }
  };

  const signedOut = rows.some((row) => row.state.status === 'signedOut');
  const count = rows.length === 1 ? '1 share link' : `${rows.length} share links`;

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>ShareLens</h1>
        <p class="progress" role="status">
          {phase === 'finding' && 'Looking for share links…'}
          {phase === 'resolving' && `${progress.done} of ${progress.total}`}
          {phase === 'done' && rows.length > 0 && count}
        </p>
      </header>
      {rows.length > 0 && (
        <input
          ref={filterBox}
          class="filter"
          type="search"
          placeholder="Filter by name, owner or address"
          aria-label="Filter links"
          value={filter}
          onInput={(event) => setFilter((event.currentTarget as HTMLInputElement).value)}
        />
      )}
      {retryAt !== undefined && phase === 'resolving' && (
        <p class="banner" role="status">
          Microsoft 365 is busy. Next attempt at {new Date(retryAt).toLocaleTimeString()}.
        </p>
      )}
      {signedOut && (
        <div class="banner">
          <span>Sign in to see what is behind these links.</span>
          <button type="button" class="button primary small" onClick={signIn}>
            Sign in
          </button>
        </div>
      )}
      <p class="notice" role="status" aria-live="polite">
        {notice}
      </p>
      {phase === 'unreadable' && (
        <div class="empty">
          <p class="empty-title">ShareLens can't read this page</p>
          <p>
            Browser pages and pages opened before ShareLens was installed can't be read. Reload the page and
            try again.
          </p>
        </div>
      )}
      {phase === 'done' && rows.length === 0 && (
        <div class="empty">
          <p class="empty-title">No share links on this page</p>
          <p>
            ShareLens looks for OneDrive and SharePoint share links: 1drv.ms and onedrive.live.com addresses,
            and SharePoint or OneDrive for Business links on *.sharepoint.com (also .sharepoint.us,
            .sharepoint-mil.us, .sharepoint.cn and .sharepoint.de).
          </p>
        </div>
      )}
      {visible.length > 0 && (
        <ul class="rows" aria-label="Share links on this page">
          {visible.map((row) => (
            <RowView key={row.link.url} row={row} onRedeem={redeem} onCopy={copy} />
          ))}
        </ul>
      )}
      {rows.length > 0 && visible.length === 0 && <p class="empty">No link matches “{filter}”.</p>}
      {truncated && (
        <p class="empty">
          This page has more than {MAX_LINKS} share links; the first {MAX_LINKS} are listed.
        </p>
      )}
      {site && (
        <label class="site-switch">
          <input
            type="checkbox"
            checked={site.previewsOn}
            onChange={(event) =>
              void switchPreviews(site.host, (event.currentTarget as HTMLInputElement).checked)
            }
          />
          Hover previews on {site.host}
        </label>
      )}
    </main>
  );
}
