import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { FileIcon } from '@/components/FileIcon';
import {
  describeLinkAccess,
  fileType,
  fileTypeLabel,
  formatItemCount,
  formatRelative,
  formatSize,
  formatTime,
  safeHttpsUrl,
} from '@/lib/format';
import { plural, t } from '@/lib/i18n';
import { type DetectOptions, detectShareLink } from '@/lib/links';
import type { ListPortMessage, ListUpdate, PageLink } from '@/lib/messages';
import type { PreviewState, SharedItem } from '@/lib/model';
import { LIST_PORT } from '@/lib/ports';
import { ALL_PROVIDER_INFO, infoForLink, providerSection } from '@/lib/providers/info';
import type { Settings } from '@/lib/settings';
import { isSiteDisabled } from '@/lib/sites';
import { send } from '@/utils/background';
import { openSetupPage } from '@/utils/setup-page';
import { watchSettings } from '@/utils/watch-settings';
import { FOLDER_SHARE_PANELS, SHARE_PANELS } from './share';
import { linksOfTab, type TabLinks, targetTabId } from './tab-links';

interface Row {
  link: PageLink;
  state: PreviewState;
}

type Phase = 'finding' | 'unreadable' | 'resolving' | 'done';

/** The most links one popup lists (the list port's schema allows as many). */
const MAX_LINKS = 2000;

function describeFailure(state: PreviewState): string | undefined {
  if (state.status === 'signedOut') return state.setupNeeded ? t('setupNeededTitle') : t('signInToSeeItem');
  if (state.status === 'failed') return state.error.message;
  return undefined;
}

/** The item behind a row when it can be shared onward from here: its provider shares, and has a panel. */
function shareable(
  row: Row,
):
  | { item: SharedItem & { shareTarget: NonNullable<SharedItem['shareTarget']> }; provider: string }
  | undefined {
  const item = row.state.status === 'ready' ? row.state.item : undefined;
  const provider = infoForLink(row.link.provider);
  if (!item?.shareTarget || !provider?.canShare || !SHARE_PANELS[provider.id]) return undefined;
  return {
    item: item as SharedItem & { shareTarget: NonNullable<SharedItem['shareTarget']> },
    provider: provider.id,
  };
}

/** `?share=<url>`: the popup opened on one item to share it (the card's Share…). */
function linkToShare(detect?: DetectOptions): PageLink | undefined {
  const url = new URLSearchParams(location.search).get('share');
  const link = url ? detectShareLink(url, detect) : null;
  return link ? { url: link.url, provider: link.provider, text: '' } : undefined;
}

function RowView({
  row,
  onRedeem,
  onCopy,
  onShare,
}: {
  row: Row;
  onRedeem(row: Row): void;
  onCopy(text: string, what: 'link' | 'token'): void;
  onShare(row: Row): void;
}) {
  const { link, state } = row;
  const item = state.status === 'ready' ? state.item : undefined;
  const type = item ? fileType(item) : 'file';
  const title = item?.name ?? (link.text || link.url);
  const openUrl = safeHttpsUrl(item?.webUrl) ?? safeHttpsUrl(link.url);
  // The owner's name comes from the provider: it gets its own direction (dir="auto") within the line.
  const owner = item?.owner?.displayName;
  const facts: string[] = [];
  if (item?.kind === 'folder' && item.childCount !== undefined) {
    facts.push(formatItemCount(item.childCount));
  } else if (item?.size !== undefined) facts.push(formatSize(item.size));
  const modified = item?.modified ? formatRelative(item.modified, Date.now()) : undefined;
  if (modified) facts.push(t('modifiedWhen', modified));
  // The tenant's host (or OneDrive): a look-alike tenant does not pass for the one the person knows.
  if (item?.source) facts.push(item.source);
  // How the link itself shares the item, when a hover asked Graph (the list does not spend requests on it).
  if (item?.linkAccess) facts.push(describeLinkAccess(item.linkAccess));
  const failure = describeFailure(state);
  const provider = infoForLink(link.provider);
  const sharingToken = provider?.sharingToken;
  return (
    // No aria-label here: it would stand in for the row's details, and screen readers would read only the name.
    <li class="row">
      <div class="row-icon">
        {item ? <FileIcon type={type} /> : <span class="placeholder" aria-hidden="true" />}
      </div>
      <div class="row-main">
        <p class="row-title" title={link.url} dir="auto">
          {title}
        </p>
        {item && (
          <p class="row-facts">
            {fileTypeLabel(type)}
            {owner && (
              <>
                {' · '}
                <bdi dir="auto">{owner}</bdi>
              </>
            )}
            {facts.map((fact) => ` · ${fact}`).join('')}
          </p>
        )}
        {state.status === 'loading' && <p class="row-facts">{t('loading')}</p>}
        {failure && <p class="row-error">{failure}</p>}
      </div>
      <div class="row-actions">
        {openUrl ? (
          <a
            class="button small"
            href={openUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={t('openItem', title)}
          >
            {t('open')}
          </a>
        ) : null}
        <button
          type="button"
          class="button small"
          onClick={() => onCopy(link.url, 'link')}
          aria-label={t('copyLinkOf', title)}
        >
          {t('copyLink')}
        </button>
        {sharingToken && (
          <button
            type="button"
            class="button small"
            onClick={() => onCopy(sharingToken(link.url), 'token')}
            aria-label={t('copyTokenOf', title)}
          >
            {t('copyToken')}
          </button>
        )}
        {shareable(row) && (
          <button
            type="button"
            class="button small"
            onClick={() => onShare(row)}
            aria-label={t('shareItem', title)}
          >
            {t('share')}
          </button>
        )}
        {provider?.canRedeem && (
          <button
            type="button"
            class="button small"
            onClick={() => onRedeem(row)}
            aria-label={t('redeemItem', title)}
          >
            {t('redeem')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The site switch's state for `host`: its own switch, and whether previews are off on every site anyway. */
function siteState(settings: Settings, host: string) {
  return { host, previewsOn: !isSiteDisabled(settings, host), everywhereOff: !settings.previewsEnabled };
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
  /** The tab's site and whether cards open there; `everywhereOff`: previews are off on every site (options). */
  const [site, setSite] = useState<{ host: string; previewsOn: boolean; everywhereOff?: boolean }>();
  /** The row whose share panel is open, by URL; `?share=` opens it at once. */
  const [sharing, setSharing] = useState<string | undefined>(() => linkToShare()?.url);
  const filterBox = useRef<HTMLInputElement>(null);
  /** Providers that share the person's own folders (Exchange), with their sections; the one whose panel is open. */
  const [folderSharing, setFolderSharing] = useState<Array<{ id: string; section: unknown }>>([]);
  const [sharingFolder, setSharingFolder] = useState<string>();
  useEffect(() => {
    void send({ type: 'settings/get' }).then(
      (settings) =>
        setFolderSharing(
          ALL_PROVIDER_INFO.flatMap((info) => {
            const section = providerSection(settings, info.id);
            return FOLDER_SHARE_PANELS[info.id] && info.sharesOwnFolders?.(section)
              ? [{ id: info.id, section }]
              : [];
          }),
        ),
      () => {},
    );
  }, []);

  /** Providers nobody can sign in to yet (Microsoft without a Client ID): the popup offers the setup page. */
  const [unconfigured, setUnconfigured] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    void send({ type: 'auth/status' }).then(
      (statuses) =>
        setUnconfigured(new Set(statuses.filter((each) => !each.configured).map((each) => each.provider))),
      () => {},
    );
  }, [generation]);

  const update = (url: string, state: PreviewState) =>
    setRows((current) => current.map((row) => (row.link.url === url ? { ...row, state } : row)));

  useEffect(() => {
    let port: ReturnType<typeof browser.runtime.connect> | undefined;
    let finished = false;
    void (async () => {
      // Configured servers' links (ContentStore) are share links too: detection needs the settings.
      const detect = await send({ type: 'settings/get' }).then(
        (settings) => ({ providers: settings.providers }),
        () => undefined,
      );
      const only = linkToShare(detect);
      if (only) setSharing(only.url);
      const tabId = only ? undefined : await targetTabId();
      const found: TabLinks = only
        ? { links: [only], readable: false }
        : tabId === undefined
          ? { links: [], readable: false }
          : await linksOfTab(tabId, detect);
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

  // The site switch follows a change made elsewhere (the options page) while the popup is open.
  const siteHost = site?.host;
  useEffect(() => {
    if (!siteHost) return;
    return watchSettings((settings) => setSite(siteState(settings, siteHost)));
  }, [siteHost]);

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

  const copy = async (text: string, what: 'link' | 'token') => {
    try {
      await navigator.clipboard.writeText(text);
      setNotice(what === 'link' ? t('linkCopied') : t('tokenCopied'));
    } catch {
      setNotice(what === 'link' ? t('linkCopyFailed') : t('tokenCopyFailed'));
    }
  };

  const redeem = async (row: Row) => {
    setNotice(row.link.text ? t('redeemingName', row.link.text) : t('redeemingLink'));
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
    setSite(siteState(settings, host));
  };

  /** The per-site switch, saved through the same settings path as the options page. */
  const switchPreviews = async (host: string, previewsOn: boolean) => {
    try {
      const result = await send({ type: 'settings/site', host, previewsOn });
      if (!result.saved) throw new Error(Object.values(result.errors)[0] ?? t('settingNotSaved'));
      setSite({ host, previewsOn });
      setNotice(previewsOn ? t('previewsOnFor', host) : t('previewsOffFor', host));
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    }
  };

  const signIn = async (provider: string) => {
    try {
      const status = await send({ type: 'auth/sign-in', provider });
      if (status.signedIn) setGeneration((n) => n + 1);
    } catch (error) {
      setNotice(error instanceof Error ? error.message : String(error));
    }
  };

  /** The providers some rows need a sign-in for, each with its own Sign in button. */
  const needSignIn = [
    ...new Set(rows.flatMap((row) => (row.state.status === 'signedOut' ? [row.state.provider] : []))),
  ];
  // Microsoft is what ShareLens is for: without its Client ID the popup says so even on a page without links.
  const needsSetup = unconfigured.has('graph') || needSignIn.some((provider) => unconfigured.has(provider));
  const signedOut = needSignIn.filter((provider) => !unconfigured.has(provider));
  /** A row signed out of a provider nobody can sign in to yet says so, as the card does. */
  const withSetup = (row: Row): Row =>
    row.state.status === 'signedOut' && unconfigured.has(row.state.provider)
      ? { ...row, state: { ...row.state, setupNeeded: true } }
      : row;
  const setupBanner = needsSetup && (
    <div class="banner">
      <span>{t('setupNeededText')}</span>
      <button type="button" class="button primary small" onClick={() => void openSetupPage()}>
        {t('openSetup')}
      </button>
    </div>
  );
  const count = plural('shareLinkCount', rows.length);

  const folderPanel = folderSharing.find((each) => each.id === sharingFolder);
  const FolderPanel = folderPanel && FOLDER_SHARE_PANELS[folderPanel.id];
  if (folderPanel && FolderPanel) {
    return (
      <main class="popup">
        <header class="popup-header">
          <h1>{t('exchangeShareHeading')}</h1>
          <button type="button" class="button small" onClick={() => setSharingFolder(undefined)}>
            {t('back')}
          </button>
        </header>
        <p class="notice" role="status" aria-live="polite">
          {notice}
        </p>
        <FolderPanel provider={folderPanel.id} section={folderPanel.section} announce={setNotice} />
      </main>
    );
  }

  const shared = sharing === undefined ? undefined : rows.find((row) => row.link.url === sharing);
  if (sharing !== undefined) {
    const target = shared && shareable(shared);
    const Panel = target && SHARE_PANELS[target.provider];
    const name = target?.item.name ?? shared?.link.text ?? sharing;
    const failure = shared && describeFailure(withSetup(shared).state);
    return (
      <main class="popup">
        <header class="popup-header">
          <h1>{t('shareHeading', name)}</h1>
          {rows.length > 1 || !linkToShare() ? (
            <button type="button" class="button small" onClick={() => setSharing(undefined)}>
              {t('back')}
            </button>
          ) : null}
        </header>
        <p class="notice" role="status" aria-live="polite">
          {notice}
        </p>
        {target && Panel ? (
          <Panel item={target.item} provider={target.provider} announce={setNotice} />
        ) : failure ? (
          <p class="row-error">{failure}</p>
        ) : shared?.state.status === 'ready' ? (
          <p class="row-error">{t('shareUnavailable')}</p>
        ) : (
          <p class="row-facts">{t('loading')}</p>
        )}
        {setupBanner}
        {signedOut.map((provider) => (
          <div class="banner" key={provider}>
            <span>{t('signInToSeeLinks')}</span>
            <button type="button" class="button primary small" onClick={() => void signIn(provider)}>
              {t('signIn')}
            </button>
          </div>
        ))}
      </main>
    );
  }

  return (
    <main class="popup">
      <header class="popup-header">
        <h1>{t('extName')}</h1>
        <p class="progress" role="status">
          {phase === 'finding' && t('findingLinks')}
          {phase === 'resolving' && t('progress', progress.done, progress.total)}
          {phase === 'done' && rows.length > 0 && count}
        </p>
        {folderSharing.map((each) => (
          <button
            key={each.id}
            type="button"
            class="button small"
            onClick={() => {
              setNotice('');
              setSharingFolder(each.id);
            }}
          >
            {t('exchangeShareButton')}
          </button>
        ))}
      </header>
      {rows.length > 0 && (
        <input
          ref={filterBox}
          class="filter"
          type="search"
          placeholder={t('filterPlaceholder')}
          aria-label={t('filterLabel')}
          value={filter}
          onInput={(event) => setFilter((event.currentTarget as HTMLInputElement).value)}
        />
      )}
      {retryAt !== undefined && phase === 'resolving' && (
        <p class="banner" role="status">
          {t('busyNextAttempt', formatTime(retryAt))}
        </p>
      )}
      {setupBanner}
      {signedOut.map((provider) => (
        <div class="banner" key={provider}>
          <span>{t('signInToSeeLinks')}</span>
          <button type="button" class="button primary small" onClick={() => void signIn(provider)}>
            {t('signIn')}
          </button>
        </div>
      ))}
      <p class="notice" role="status" aria-live="polite">
        {notice}
      </p>
      {phase === 'unreadable' && (
        <div class="empty">
          <p class="empty-title">{t('unreadableTitle')}</p>
          <p>{t('unreadableText')}</p>
        </div>
      )}
      {phase === 'done' && rows.length === 0 && (
        <div class="empty">
          <p class="empty-title">{t('noLinksTitle')}</p>
          <p>{t('noLinksText')}</p>
        </div>
      )}
      {visible.length > 0 && (
        <ul class="rows" aria-label={t('linksListLabel')}>
          {visible.map((row) => (
            <RowView
              key={row.link.url}
              row={withSetup(row)}
              onRedeem={redeem}
              onCopy={copy}
              onShare={(chosen) => {
                setNotice('');
                setSharing(chosen.link.url);
              }}
            />
          ))}
        </ul>
      )}
      {rows.length > 0 && visible.length === 0 && <p class="empty">{t('noMatch', filter)}</p>}
      {truncated && <p class="empty">{t('truncated', MAX_LINKS)}</p>}
      {site && (
        <label class="site-switch">
          <input
            type="checkbox"
            checked={site.previewsOn && !site.everywhereOff}
            disabled={site.everywhereOff}
            aria-describedby={site.everywhereOff ? 'previews-off-everywhere' : undefined}
            onChange={(event) =>
              void switchPreviews(site.host, (event.currentTarget as HTMLInputElement).checked)
            }
          />
          {t('hoverPreviewsOn', site.host)}
        </label>
      )}
      {site?.everywhereOff && (
        <p id="previews-off-everywhere" class="hint">
          {t('previewsOffEverywhere')}
        </p>
      )}
    </main>
  );
}
