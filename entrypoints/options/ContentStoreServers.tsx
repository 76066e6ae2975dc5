import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '@/lib/i18n';
import { API_PATHS, DEFAULT_LINK_PATTERNS } from '@/lib/providers/contentstore/patterns';
import type { AccountStatus } from '@/lib/providers/types';
import type { Settings } from '@/lib/settings';
import { send } from '@/utils/background';
import { Field } from './Field';
import { pointToInvalidFields } from './invalid-fields';

/**
 * The options page's "ContentStore servers": add, edit and remove servers, each with its own Sign in (password,
 * and "remember" if the person wants) and Sign out. A new address asks the browser for access to that origin
 * only, saying why first. Saving goes through the background's settings check; its errors show per field.
 */

interface Server {
  id: string;
  webAddress: string;
  apiPath: string;
  userName: string;
  linkPatterns: string[];
}

interface Draft {
  /** The server's index, or -1 for a new one. */
  index: number;
  id: string;
  webAddress: string;
  apiPath: string;
  userName: string;
  linkPatterns: string;
}

const serversOf = (settings: Settings) =>
  ((settings.providers as Record<string, unknown>).contentstore as { servers: Server[] } | undefined)
    ?.servers ?? [];

const newId = () => `cs${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

const originOf = (address: string) => {
  try {
    return new URL(address.trim()).origin;
  } catch {
    return undefined;
  }
};

export function ContentStoreServers(props: {
  settings: Settings;
  status?: AccountStatus;
  onStatus(status: AccountStatus): void;
  onSettings(settings: Settings): void;
  /** The IT department's policy sets the servers: each can still be signed in to, not edited. */
  managed?: boolean;
}) {
  const { settings, status, onStatus, onSettings, managed } = props;
  const servers = serversOf(settings);
  const [draft, setDraft] = useState<Draft>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  /** The server whose password form is open, and what is typed there. */
  const [signingIn, setSigningIn] = useState<{ id: string; password: string; remember: boolean }>();

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setMessage('');
    try {
      await action();
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const saveServers = async (next: Server[], index: number): Promise<boolean> => {
    const providers = { ...settings.providers, contentstore: { servers: next } };
    const result = await send({ type: 'settings/save', settings: { ...settings, providers } });
    if (!result.saved) {
      const prefix = `providers.contentstore.servers.${index}.`;
      const mine: Record<string, string> = {};
      for (const [key, text] of Object.entries(result.errors))
        if (key.startsWith(prefix)) mine[key.slice(prefix.length).split('.')[0] as string] ??= text;
      setErrors(mine);
      setMessage(pointToInvalidFields(Object.keys(mine).map((key) => `cs-${key}`)));
      return false;
    }
    setErrors({});
    onSettings(result.settings);
    onStatus(
      await send({ type: 'auth/status', provider: 'contentstore' }).then((all) => all[0] as AccountStatus),
    );
    return true;
  };

  const saveDraft = () =>
    run(async () => {
      if (!draft) return;
      const server: Server = {
        id: draft.id,
        webAddress: draft.webAddress,
        apiPath: draft.apiPath,
        userName: draft.userName,
        linkPatterns: draft.linkPatterns
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      };
      const origin = originOf(draft.webAddress);
      const before = draft.index >= 0 ? originOf(servers[draft.index]?.webAddress ?? '') : undefined;
      // A new address: access to that origin only, asked in the person's click, after saying why.
      if (origin && origin !== before) {
        setMessage(t('csPermissionWhy', origin));
        const granted = await browser.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
        if (!granted) {
          setMessage(t('csPermissionRefused'));
          return;
        }
      }
      const next = [...servers];
      const index = draft.index >= 0 ? draft.index : next.length;
      next[index] = server;
      if (await saveServers(next, index)) {
        setDraft(undefined);
        setMessage(t('csServerSaved'));
      }
    });

  const remove = (index: number) =>
    run(async () => {
      const server = servers[index];
      if (!server) return;
      await send({ type: 'auth/sign-out', provider: 'contentstore', resource: server.id });
      await saveServers(
        servers.filter((_, each) => each !== index),
        -1,
      );
    });

  const signIn = () =>
    run(async () => {
      if (!signingIn) return;
      const { id, password, remember } = signingIn;
      onStatus(
        await send({ type: 'auth/sign-in', provider: 'contentstore', resource: id, password, remember }),
      );
      setSigningIn(undefined);
    });

  const signOut = (id: string) =>
    run(async () => onStatus(await send({ type: 'auth/sign-out', provider: 'contentstore', resource: id })));

  const edit = (index: number) => {
    const server = servers[index];
    setErrors({});
    setDraft(
      server
        ? { index, ...server, linkPatterns: server.linkPatterns.join('\n') }
        : {
            index: -1,
            id: newId(),
            webAddress: '',
            apiPath: 'webconsole/api',
            userName: '',
            linkPatterns: DEFAULT_LINK_PATTERNS.join('\n'),
          },
    );
  };

  const set = (key: keyof Draft) => (value: string) => draft && setDraft({ ...draft, [key]: value });

  return (
    <div class="cs-servers">
      <p class="hint">{t('csIntro')}</p>
      {servers.length === 0 && <p>{t('csNoServers')}</p>}
      <ul class="cs-list" aria-label={t('csHeading')}>
        {servers.map((server, index) => {
          const state = status?.servers?.find((each) => each.id === server.id);
          return (
            <li key={server.id} class="cs-server">
              <p>
                <strong dir="auto">{server.webAddress}</strong>
                <span class="muted">
                  {' '}
                  /{server.apiPath} · <bdi>{server.userName}</bdi>
                </span>
              </p>
              <p class="muted" aria-live="polite">
                {state?.signedIn ? t('csSignedInAs', server.userName) : t('csNotSignedIn')}
              </p>
              <div class="cs-actions">
                {state?.signedIn ? (
                  <button type="button" class="button" disabled={busy} onClick={() => signOut(server.id)}>
                    {t('csSignOutButton')}
                  </button>
                ) : signingIn?.id === server.id ? null : (
                  <button
                    type="button"
                    class="button primary"
                    disabled={busy}
                    onClick={() => setSigningIn({ id: server.id, password: '', remember: false })}
                  >
                    {t('csSignInButton')}
                  </button>
                )}
                {!managed && (
                  <>
                    <button type="button" class="button" disabled={busy} onClick={() => edit(index)}>
                      {t('csEditServer')}
                    </button>
                    <button type="button" class="button" disabled={busy} onClick={() => remove(index)}>
                      {t('csRemoveServer')}
                    </button>
                  </>
                )}
              </div>
              {signingIn?.id === server.id && (
                <div class="cs-sign-in">
                  <div class="field">
                    <label for={`cs-password-${server.id}`}>{t('csPasswordLabel')}</label>
                    <input
                      id={`cs-password-${server.id}`}
                      type="password"
                      autocomplete="current-password"
                      value={signingIn.password}
                      onInput={(event) =>
                        setSigningIn({
                          ...signingIn,
                          password: (event.currentTarget as HTMLInputElement).value,
                        })
                      }
                      onKeyDown={(event) => {
                        if (event.key === 'Enter') {
                          event.preventDefault();
                          void signIn();
                        }
                      }}
                    />
                  </div>
                  <div class="field">
                    <label>
                      <input
                        type="checkbox"
                        checked={signingIn.remember}
                        aria-describedby={`cs-remember-${server.id}-hint`}
                        onChange={(event) =>
                          setSigningIn({
                            ...signingIn,
                            remember: (event.currentTarget as HTMLInputElement).checked,
                          })
                        }
                      />{' '}
                      {t('csRememberLabel')}
                    </label>
                    <p class="hint" id={`cs-remember-${server.id}-hint`}>
                      {t('csRememberHint')}
                    </p>
                  </div>
                  <button
                    type="button"
                    class="button primary"
                    disabled={busy || !signingIn.password}
                    onClick={() => void signIn()}
                  >
                    {t('csSignInButton')}
                  </button>{' '}
                  <button
                    type="button"
                    class="button"
                    disabled={busy}
                    onClick={() => setSigningIn(undefined)}
                  >
                    {t('csCancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {draft ? (
        <fieldset class="cs-editor">
          <legend>{draft.index >= 0 ? t('csEditServer') : t('csAddServer')}</legend>
          <Field
            id="cs-webAddress"
            label={t('csWebAddressLabel')}
            hint={t('csWebAddressHint')}
            value={draft.webAddress}
            error={errors.webAddress}
            onInput={set('webAddress')}
          />
          <Field
            id="cs-apiPath"
            label={t('csApiPathLabel')}
            hint={t('csApiPathHint')}
            value={draft.apiPath}
            error={errors.apiPath}
            onInput={set('apiPath')}
            list="cs-api-paths"
          />
          <datalist id="cs-api-paths">
            {API_PATHS.map((path) => (
              <option key={path} value={path} />
            ))}
          </datalist>
          <Field
            id="cs-userName"
            label={t('csUserNameLabel')}
            value={draft.userName}
            error={errors.userName}
            onInput={set('userName')}
          />
          <Field
            id="cs-linkPatterns"
            label={t('csPatternsLabel')}
            hint={t('csPatternsHint')}
            value={draft.linkPatterns}
            error={errors.linkPatterns}
            onInput={set('linkPatterns')}
            multiline
          />
          <button type="button" class="button primary" disabled={busy} onClick={() => void saveDraft()}>
            {t('csSaveServer')}
          </button>{' '}
          <button type="button" class="button" disabled={busy} onClick={() => setDraft(undefined)}>
            {t('csCancel')}
          </button>
        </fieldset>
      ) : managed ? (
        <p class="hint">
          {t('settingsSetByPolicy')} {t('settingsPolicyHint')}
        </p>
      ) : (
        <button type="button" class="button" disabled={busy} onClick={() => edit(-1)}>
          {t('csAddServer')}
        </button>
      )}
      <p class="message" role="status">
        {message}
      </p>
    </div>
  );
}
