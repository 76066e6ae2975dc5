import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { safeHttpsUrl } from '@/lib/format';
import type { PreviewState } from '@/lib/model';

export interface StatusActions {
  onSignIn(): void;
  onRetry(): void;
}

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return <>{seconds > 0 ? `in ${seconds} s` : 'now'}</>;
}

function Status({
  title,
  children,
  role = 'status',
}: {
  title: string;
  children?: ComponentChildren;
  role?: 'status' | 'alert';
}) {
  return (
    <div class="status" role={role}>
      <p class="status-title">{title}</p>
      {children}
    </div>
  );
}

/** Every state of a preview other than "ready": what happened and what the person can do. */
export function StatusMessage({
  state,
  url,
  actions,
}: {
  state: PreviewState;
  url: string;
  actions: StatusActions;
}) {
  const openUrl = safeHttpsUrl(url);
  const openInBrowser = openUrl && (
    <a class="button" href={openUrl} target="_blank" rel="noopener noreferrer">
      Open in browser
    </a>
  );
  const signInButton = (
    <button type="button" class="button primary" onClick={actions.onSignIn}>
      Sign in
    </button>
  );
  switch (state.status) {
    case 'ready':
      return null;
    case 'loading':
      return (
        <Status title="Loading preview…">
          <div class="spinner" aria-hidden="true" />
        </Status>
      );
    case 'throttled':
      return (
        <Status title="Microsoft 365 is busy">
          <p>
            Trying again <Countdown until={state.retryAt} />.
          </p>
        </Status>
      );
    case 'signedOut':
      return (
        <Status title="Sign in to preview this link">
          <p>ShareLens needs your Microsoft account to see what is behind share links.</p>
          {signInButton}
        </Status>
      );
    case 'failed': {
      const { error } = state;
      switch (error.kind) {
        case 'accessDenied':
          return (
            <Status title="No access">
              <p>{error.message}</p>
              {openInBrowser}
            </Status>
          );
        case 'notFound':
          return (
            <Status title="Not found">
              <p>{error.message}</p>
            </Status>
          );
        case 'invalidLink':
          return (
            <Status title="Can't preview this link">
              <p>{error.message}</p>
              {openInBrowser}
            </Status>
          );
        case 'throttled':
          return (
            <Status title="Microsoft 365 is busy" role="alert">
              <p>{error.message}</p>
              <button type="button" class="button" onClick={actions.onRetry}>
                Try again
              </button>
            </Status>
          );
        case 'unauthenticated':
          return (
            <Status title="Sign in to preview this link">
              <p>{error.message}</p>
              {signInButton}
            </Status>
          );
        default:
          return (
            <Status
              title={error.kind === 'network' ? "Can't reach Microsoft 365" : 'Something went wrong'}
              role="alert"
            >
              <p>{error.message}</p>
              <button type="button" class="button" onClick={actions.onRetry}>
                Try again
              </button>
            </Status>
          );
      }
    }
  }
}
