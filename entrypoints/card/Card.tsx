import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Browser, browser } from 'wxt/browser';
import { ItemSummary } from '@/components/ItemSummary';
import { StatusMessage } from '@/components/StatusMessage';
import { isFrameToCardMessage } from '@/lib/guards';
import { t } from '@/lib/i18n';
import type { CardFrameMessage, PreviewPortMessage, PreviewUpdate } from '@/lib/messages';
import type { PreviewState } from '@/lib/model';
import { PREVIEW_PORT } from '@/lib/ports';
import { infoForLink } from '@/lib/providers/info';

/**
 * The link this card shows first: the content script loads the card page with `#<frame key>:<link URL>` in its
 * address (the page already knows the URL). Later showings come over its channel (`FrameToCardMessageSchema`).
 */
function linkFromHash(): string {
  const hash = location.hash.slice(1);
  const colon = hash.indexOf(':');
  if (colon === -1) return '';
  try {
    return decodeURIComponent(hash.slice(colon + 1));
  } catch {
    return '';
  }
}

/**
 * The private channel to the content script that framed this card: it carries the link to show (or none),
 * and back the card's height and "close", never anything about the item. The content script hands over its
 * end at each load of this page, so the listener is added as the module runs, before the load event can fire.
 */
let framePort: MessagePort | undefined;
/**
 * The key the content script put in this page's address (content/card-frame.ts): a `connect` must name it. The
 * page around the card can post to this window with the same `event.source`, but cannot know the key.
 */
const FRAME_KEY = location.hash.slice(1).split(':')[0] ?? '';
/** The Card's way to show a link ('' = none); until it is mounted, the last request waits in `requested`. */
let showLink: ((url: string) => void) | undefined;
let requested: string | undefined;
window.addEventListener('message', (event) => {
  const data = event.data as { sharelens?: string; key?: unknown } | null;
  if (event.source !== window.parent || data?.sharelens !== 'connect' || !event.ports[0]) return;
  if (FRAME_KEY.length < 32 || data.key !== FRAME_KEY) return;
  framePort = event.ports[0];
  framePort.onmessage = (message) => {
    const data: unknown = message.data;
    if (!isFrameToCardMessage(data)) return;
    const url = data.type === 'show' ? data.url : '';
    if (showLink) showLink(url);
    else requested = url;
  };
});

function tellFrame(message: CardFrameMessage): void {
  framePort?.postMessage(message);
}

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea';

/** Whether Tab (Shift+Tab: `backwards`) would move focus out of the card: past its last control, or before its first. */
function leavesCard(backwards: boolean): boolean {
  const controls = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (control) => control.getClientRects().length > 0,
  );
  const at = document.activeElement;
  if (controls.length === 0 || at === document.body || at === null) return true;
  return at === (backwards ? controls[0] : controls[controls.length - 1]);
}

export function Card() {
  const [url, setUrl] = useState(linkFromHash);
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  /** Pinned by the person: the content script keeps the card open until it is closed. */
  const [pinned, setPinned] = useState(false);
  const port = useRef<Browser.runtime.Port>();
  const urlRef = useRef(url);
  const stateRef = useRef(state);
  stateRef.current = state;

  /** Sends to the background, connecting first when there is no connection (the worker may have stopped). */
  const post = useCallback((message: PreviewPortMessage) => {
    if (!port.current) {
      const connection = browser.runtime.connect({ name: PREVIEW_PORT });
      connection.onMessage.addListener((raw: unknown) => {
        const update = raw as PreviewUpdate;
        if (update?.type === 'state' && update.url === urlRef.current) setState(update.state);
      });
      connection.onDisconnect.addListener(() => {
        port.current = undefined;
        // The worker stopped mid-request: ask again rather than spin forever.
        const pending = stateRef.current.status === 'loading' || stateRef.current.status === 'throttled';
        if (pending && urlRef.current) post({ type: 'watch', url: urlRef.current });
      });
      port.current = connection;
    }
    port.current.postMessage(message);
  }, []);

  /** Shows `next` ('' = nothing). The request goes out at once, not after the next paint as an effect would. */
  const show = useCallback(
    (next: string) => {
      urlRef.current = next;
      setUrl(next);
      setState({ status: 'loading' });
      // Every showing (and going blank, when the card closed) starts unpinned, as the content script does.
      setPinned(false);
      if (next) post({ type: 'watch', url: next });
    },
    [post],
  );

  useEffect(() => {
    showLink = show;
    show(requested ?? urlRef.current);
    requested = undefined;
    return () => {
      showLink = undefined;
    };
  }, [show]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        // The card closes and the content script puts focus back on the link.
        event.preventDefault();
        tellFrame({ type: 'close' });
      } else if (event.key === 'Tab' && leavesCard(event.shiftKey)) {
        // Past the card's last control (Shift+Tab: before its first): focus goes back to the link, where the
        // person continues through the page; the card closes unless it is pinned.
        event.preventDefault();
        tellFrame({ type: 'leave' });
      }
    };
    // Keyboard users arrive here with Tab from the link: start on the first control.
    const onFocus = () => {
      if (document.activeElement === document.body) document.querySelector<HTMLElement>(FOCUSABLE)?.focus();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('focus', onFocus);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  const togglePin = useCallback(() => {
    setPinned(!pinned);
    tellFrame({ type: 'pin', pinned: !pinned });
  }, [pinned]);
  const close = useCallback(() => tellFrame({ type: 'close' }), []);

  const retry = useCallback(() => post({ type: 'retry', url: urlRef.current }), [post]);
  /**
   * Signing in happens in the options page, not in this frame: the card runs inside pages that may be hostile
   * and could be clickjacked into starting a sign-in. Hovering the link again afterwards shows the item. The
   * background opens it: Firefox gives this frame no `runtime.openOptionsPage`.
   */
  const signIn = useCallback(() => post({ type: 'options' }), [post]);

  /**
   * Open setup: the setup page in a tab of its own, opened by the background (Firefox gives this frame no
   * `tabs`). Nothing is set up from this frame.
   */
  const setup = useCallback(() => post({ type: 'setup' }), [post]);

  /**
   * Share… opens the popup's share panel for this item in a window of its own. Nothing is shared from this
   * frame: a page could clickjack a button here, but not the panel's, which sit in an extension window.
   */
  const share = useCallback((itemUrl: string) => post({ type: 'share', url: itemUrl }), [post]);

  const item = state.status === 'ready' ? state.item : undefined;
  const canShare = item?.shareTarget !== undefined && infoForLink(item.provider)?.canShare === true;
  return (
    <main class="card" aria-hidden={url ? undefined : 'true'} aria-busy={state.status === 'loading'}>
      {/* The card's one live region, kept from state to state so that each new state is read once. */}
      <div role="status">
        {!url ? null : state.status === 'ready' ? (
          <>
            <ItemSummary item={state.item} />
            {canShare && item && (
              <p class="card-actions">
                <button type="button" class="button small" onClick={() => share(item.url)}>
                  {t('share')}
                </button>
              </p>
            )}
          </>
        ) : (
          <StatusMessage
            state={state}
            url={url}
            actions={{ onRetry: retry, onSignIn: signIn, onSetup: setup }}
          />
        )}
      </div>
      {/* Last in reading and focus order, after what the card is about; kept in view at the bottom. */}
      <p class="card-toolbar">
        {/* The name stays "Pin card" whatever the state: a toggle's label must not change with it (WAI-ARIA
            APG, button pattern); aria-pressed says whether it is pinned. */}
        <button type="button" class="button" aria-pressed={pinned} onClick={togglePin}>
          {t('cardPin')}
        </button>
        {pinned && (
          <button type="button" class="button" onClick={close}>
            {t('cardClose')}
          </button>
        )}
      </p>
    </main>
  );
}
