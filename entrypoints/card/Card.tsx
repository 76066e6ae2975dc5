import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type Browser, browser } from 'wxt/browser';
import { ItemSummary } from '@/components/ItemSummary';
import { StatusMessage } from '@/components/StatusMessage';
import type { PreviewPortMessage, PreviewUpdate } from '@/lib/messages';
import type { PreviewState } from '@/lib/model';
import { PREVIEW_PORT } from '@/lib/ports';
import { send } from '@/utils/background';

/** The link this card shows: the content script puts it in the hash (the page already knows it). */
function linkFromHash(): string {
  try {
    return decodeURIComponent(location.hash.slice(1));
  } catch {
    return '';
  }
}

/** Tells the content script in the parent page something; only sizes and "close", nothing about the item. */
function tellParent(message: { sharelens: 'resize'; height: number } | { sharelens: 'close' }) {
  window.parent.postMessage(message, '*');
}

export function Card() {
  const [url, setUrl] = useState(linkFromHash);
  const [state, setState] = useState<PreviewState>({ status: 'loading' });
  const port = useRef<Browser.runtime.Port>();
  const urlRef = useRef(url);
  urlRef.current = url;

  /** Sends to the background, reconnecting when the service worker was stopped in the meantime. */
  const post = useCallback((message: PreviewPortMessage) => {
    if (!port.current) {
      const connection = browser.runtime.connect({ name: PREVIEW_PORT });
      connection.onMessage.addListener((raw: unknown) => {
        const update = raw as PreviewUpdate;
        if (update?.type === 'state' && update.url === urlRef.current) setState(update.state);
      });
      connection.onDisconnect.addListener(() => {
        port.current = undefined;
      });
      port.current = connection;
    }
    port.current.postMessage(message);
  }, []);

  useEffect(() => {
    const onHash = () => setUrl(linkFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    if (!url) return;
    setState({ status: 'loading' });
    post({ type: 'watch', url });
  }, [url, post]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        tellParent({ sharelens: 'close' });
      }
    };
    window.addEventListener('keydown', onKey);
    const observer = new ResizeObserver(() => {
      tellParent({ sharelens: 'resize', height: document.documentElement.scrollHeight });
    });
    observer.observe(document.body);
    return () => {
      window.removeEventListener('keydown', onKey);
      observer.disconnect();
    };
  }, []);

  const retry = useCallback(() => post({ type: 'retry', url: urlRef.current }), [post]);
  const signIn = useCallback(async () => {
    try {
      const status = await send({ type: 'auth/sign-in' });
      if (status.signedIn) retry();
    } catch (error) {
      setState({
        status: 'failed',
        error: { kind: 'unauthenticated', message: error instanceof Error ? error.message : String(error) },
      });
    }
  }, [retry]);

  return (
    <main class="card" aria-live="polite" aria-busy={state.status === 'loading'}>
      {state.status === 'ready' ? (
        <ItemSummary item={state.item} />
      ) : (
        <StatusMessage state={state} url={url} actions={{ onRetry: retry, onSignIn: signIn }} />
      )}
    </main>
  );
}
