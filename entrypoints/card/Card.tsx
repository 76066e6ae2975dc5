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
 * The link this card shows first: the content script loads the card page with `#<counter>:<link URL>` in its
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
/** The Card's way to show a link ('' = none); until it is mounted, the last request waits in `requested`. */
let showLink: ((url: string) => void) | undefined;
let requested: string | undefined;
window.addEventListener('message', (event) => {
  const data = event.data as { sharelens?: string } | null;
  if (event.source !== window.parent || data?.sharelens !== 'connect' || !event.ports[0]) return;
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

export function Card() {
  const [url, setUrl] = useState(linkFromHash);
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
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
        event.preventDefault();
        tellFrame({ type: 'close' });
      }
    };
    // Keyboard users arrive here with Tab from the link: start on the first control.
    const onFocus = () => {
      if (document.activeElement === document.body)
        document.querySelector<HTMLElement>('a[href], button')?.focus();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('focus', onFocus);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('focus', onFocus);
    };
  }, []);

  const retry = useCallback(() => post({ type: 'retry', url: urlRef.current }), [post]);
  /**
   * Signing in happens in the options page, not in this frame: the card runs inside pages that may be hostile
   * and could be clickjacked into starting a sign-in. Hovering the link again afterwards shows the item. The
   * background opens it: Firefox gives this frame no `runtime.openOptionsPage`.
   */
  const signIn = useCallback(() => post({ type: 'options' }), [post]);

  /**
   * Share… opens the popup's share panel for this item in a window of its own. Nothing is shared from this
   * frame: a page could clickjack a button here, but not the panel's, which sit in an extension window.
   */
  const share = useCallback((itemUrl: string) => post({ type: 'share', url: itemUrl }), [post]);

  if (!url) return <main class="card" aria-hidden="true" />;
  const item = state.status === 'ready' ? state.item : undefined;
  const canShare = item?.shareTarget !== undefined && infoForLink(item.provider)?.canShare === true;
  return (
    <main class="card" aria-live="polite" aria-busy={state.status === 'loading'}>
      {state.status === 'ready' ? (
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
        <StatusMessage state={state} url={url} actions={{ onRetry: retry, onSignIn: signIn }} />
      )}
    </main>
  );
}
