import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { safeHttpsUrl } from '@/lib/format';
import { plural, t } from '@/lib/i18n';
import type { PreviewState } from '@/lib/model';
import { ALL_PROVIDER_INFO } from '@/lib/providers/info';

export interface StatusActions {
  onSignIn(): void;
  onRetry(): void;
  /** Opens the setup page (a provider that is not connected yet); without it, that state offers no button. */
  onSetup?(event: MouseEvent): void;
}

/**
 * "Trying again in 5 s.", counting down each second. Screen readers hear the wait once, as it was when the
 * state appeared ("Next attempt in 5 seconds."): the ticking number is hidden from them, because a live region
 * whose text changes every second is read out every second. The next announcement is the retry's own state.
 */
function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now());
  const [announced] = useState(() => Math.ceil((until - Date.now()) / 1000));
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <>
      <span aria-hidden="true">{seconds > 0 ? plural('retryingIn', seconds) : t('retryingNow')}</span>
      <span class="visually-hidden">
        {announced > 0 ? plural('retryAnnouncement', announced) : t('retryingNow')}
      </span>
    </>
  );
}

/**
 * A state's title and what goes with it. Not a live region of its own: the card announces every state through
 * its one live region, which stays as the states come and go (a region that appears with its text is often not
 * read, and one inside another is read twice).
 */
function Status({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="status">
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
      {t('openInBrowser')}
    </a>
  );
  const signInButton = (
    <button type="button" class="button primary" onClick={actions.onSignIn}>
      {t('signIn')}
    </button>
  );
  switch (state.status) {
    case 'ready':
      return null;
    case 'loading':
      return (
        <Status title={t('loadingPreview')}>
          <div class="spinner" aria-hidden="true" />
        </Status>
      );
    case 'throttled':
      return (
        <Status title={t('busyTitle')}>
          <p>
            <Countdown until={state.retryAt} />
          </p>
        </Status>
      );
    case 'signedOut':
      if (state.setupNeeded)
        return (
          <Status title={t('setupNeededTitle')}>
            <p>{t('setupNeededText')}</p>
            {actions.onSetup && (
              <button type="button" class="button primary" onClick={actions.onSetup}>
                {t('openSetup')}
              </button>
            )}
          </Status>
        );
      return (
        <Status title={t('signInToPreviewTitle')}>
          <p>
            {t(
              ALL_PROVIDER_INFO.find((info) => info.id === state.provider)?.signedOutText ??
                'signInToPreviewText',
            )}
          </p>
          {signInButton}
        </Status>
      );
    case 'failed': {
      const { error } = state;
      switch (error.kind) {
        case 'accessDenied':
          return (
            <Status title={t('noAccessTitle')}>
              <p>{error.message}</p>
              {openInBrowser}
            </Status>
          );
        case 'notFound':
          return (
            <Status title={t('notFoundTitle')}>
              <p>{error.message}</p>
            </Status>
          );
        case 'invalidLink':
          return (
            <Status title={t('cantPreviewTitle')}>
              <p>{error.message}</p>
              {openInBrowser}
            </Status>
          );
        case 'throttled':
          return (
            <Status title={t('busyTitle')}>
              <p>{error.message}</p>
              <button type="button" class="button" onClick={actions.onRetry}>
                {t('tryAgain')}
              </button>
            </Status>
          );
        case 'unauthenticated':
          return (
            <Status title={t('signInToPreviewTitle')}>
              <p>{error.message}</p>
              {signInButton}
            </Status>
          );
        default:
          return (
            <Status title={error.kind === 'network' ? t('cantReachTitle') : t('somethingWrongTitle')}>
              <p>{error.message}</p>
              <button type="button" class="button" onClick={actions.onRetry}>
                {t('tryAgain')}
              </button>
            </Status>
          );
      }
    }
  }
}
