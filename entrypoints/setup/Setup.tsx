import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { Field } from '@/entrypoints/options/Field';
import { type MessageKey, t, tParts } from '@/lib/i18n';
import type { SetupInfo } from '@/lib/messages';
import { graphInfo } from '@/lib/providers/graph/info';
import type { AccountStatus } from '@/lib/providers/types';
import type { Settings } from '@/lib/settings';
import type { PermissionToAdd, PermissionUse } from '@/lib/setup';
import { send } from '@/utils/background';

/**
 * The first-run page: how to register ShareLens with Microsoft Entra ID (the redirect URI this browser uses,
 * the permissions the code asks for), then the Client ID, saved and validated like the options page, then Sign
 * in. ContentStore and Exchange are optional: a step each says what they need and links to their options.
 */

const ENTRA_ADMIN_CENTER = 'https://entra.microsoft.com/';
/** Field ids are settings paths, as on the options page: save errors come keyed by them. */
const fieldId = (key: string) => `providers.graph.${key}`;

const USE_LABEL: Record<PermissionUse, MessageKey> = {
  signIn: 'setupUseSignIn',
  sharing: 'setupUseSharing',
  exchangeMicrosoft365: 'setupUseExchangeMicrosoft365',
  exchangeServer: 'setupUseExchangeServer',
};

function apiName(api: PermissionToAdd['api']): string {
  if (api === 'graph') return t('setupApiGraph');
  if (api === 'exchangeOnline') return t('setupApiExchangeOnline');
  return api;
}

function RedirectUri({ uri }: { uri: string }) {
  const [copied, setCopied] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(uri);
      setCopied(t('setupCopied'));
    } catch {
      setCopied(t('setupCopyFailed'));
    }
  };
  return (
    <div class="redirect">
      <code id="redirect-uri">{uri}</code>
      <button type="button" class="button" aria-describedby="redirect-uri" onClick={() => void copy()}>
        {t('setupCopy')}
      </button>
      <p class="copied" role="status">
        {copied}
      </p>
    </div>
  );
}

function Permissions({ permissions }: { permissions: PermissionToAdd[] }) {
  return (
    <table class="permissions">
      <thead>
        <tr>
          <th scope="col">{t('setupPermissionApi')}</th>
          <th scope="col">{t('setupPermissionName')}</th>
          <th scope="col">{t('setupPermissionUse')}</th>
        </tr>
      </thead>
      <tbody>
        {permissions.map((each) => (
          <tr key={`${each.api} ${each.name}`}>
            <td>{apiName(each.api)}</td>
            <td>
              <code>{each.name}</code>
            </td>
            <td>{t(USE_LABEL[each.use])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Setup() {
  const [info, setInfo] = useState<SetupInfo>();
  const [settings, setSettings] = useState<Settings>();
  const [form, setForm] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<AccountStatus>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    void (async () => {
      const [setup, loaded, [graph]] = await Promise.all([
        send({ type: 'setup/info' }),
        send({ type: 'settings/get' }),
        send({ type: 'auth/status', provider: 'graph' }),
      ]);
      setInfo(setup);
      setSettings(loaded);
      setStatus(graph);
      setForm(
        Object.fromEntries(
          graphInfo.fields.map((field) => [fieldId(field.key), String(loaded.providers.graph[field.key])]),
        ),
      );
    })().catch((error: unknown) => setMessage(error instanceof Error ? error.message : String(error)));
  }, []);

  if (!info || !settings) return <p class="loading">{message || t('loading')}</p>;

  /** Shows what is wrong, and takes the person to the first field that needs a fix. */
  const showErrors = (found: Record<string, string>) => {
    setErrors(found);
    setMessage(t('settingsNeedFix'));
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );
  };

  /** Saves the Client ID (and authority, endpoint) as the options page does, then signs in. */
  const connect = async (event: Event) => {
    event.preventDefault();
    const section = Object.fromEntries(
      graphInfo.fields.map((field) => [field.key, (form[fieldId(field.key)] ?? '').trim()]),
    );
    if (!section.clientId) return showErrors({ [fieldId('clientId')]: t('setupClientIdNeeded') });
    setBusy(true);
    setMessage('');
    try {
      // The settings as they are now, not as this page found them: a site switched off or a delay changed
      // meanwhile (or a policy that arrived) is kept; only this page's fields change.
      const current = await send({ type: 'settings/get' });
      const saved = await send({
        type: 'settings/save',
        settings: {
          ...current,
          providers: { ...current.providers, graph: { ...current.providers.graph, ...section } },
        },
      });
      if (!saved.saved) return showErrors(saved.errors);
      setErrors({});
      setSettings(saved.settings);
      setMessage(t('setupSigningIn'));
      const signedIn = await send({ type: 'auth/sign-in', provider: 'graph' });
      setStatus(signedIn);
      setMessage(signedIn.signedIn ? '' : t('signInNotFinished'));
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const optionsUrl = (heading: string) => `${browser.runtime.getURL('/options.html')}#${heading}`;
  const entraLink = (
    <a href={ENTRA_ADMIN_CENTER} target="_blank" rel="noopener noreferrer">
      {t('setupEntraAdminCenter')}
    </a>
  );
  const signedIn = status?.signedIn === true;

  return (
    <main class="setup">
      <h1>{t('setupHeading')}</h1>
      <p>{t('setupIntro')}</p>

      <section aria-labelledby="register-heading">
        <h2 id="register-heading">{t('setupRegisterHeading')}</h2>
        <p>{t('setupRegisterIntro')}</p>
        <ol class="steps">
          <li>
            <p>{tParts('setupStepOpen', entraLink)}</p>
          </li>
          <li>
            <p>{t('setupStepAccountTypes')}</p>
          </li>
          <li>
            <p>{t('setupStepRedirect')}</p>
            <RedirectUri uri={info.redirectUri} />
            <p class="hint">{t('setupStepRedirectWhy')}</p>
          </li>
          <li>
            <p>{t('setupStepClientId')}</p>
          </li>
          <li>
            <p>{t('setupStepPermissions')}</p>
            <Permissions permissions={info.permissions} />
            <p class="hint">{t('setupStepPermissionsConsent')}</p>
          </li>
        </ol>
      </section>

      <section aria-labelledby="connect-heading">
        <h2 id="connect-heading">{t('setupConnectHeading')}</h2>
        <form ref={formRef} onSubmit={(event) => void connect(event)} noValidate>
          {graphInfo.fields.map((field) => (
            <Field
              key={field.key}
              id={fieldId(field.key)}
              label={t(field.label)}
              hint={t(field.hint)}
              type={field.input}
              value={form[fieldId(field.key)] ?? ''}
              error={errors[fieldId(field.key)]}
              onInput={(value) => setForm((current) => ({ ...current, [fieldId(field.key)]: value }))}
            />
          ))}
          <div class="actions">
            <button type="submit" class="button primary" disabled={busy}>
              {signedIn ? t('setupSaveAndSignInAgain') : t('setupSaveAndSignIn')}
            </button>
            <p class="message" role="status">
              {message}
            </p>
          </div>
        </form>
        {signedIn && status?.account && (
          <div class="done" role="status">
            <h2>{t('setupDoneHeading')}</h2>
            <p>{tParts('signedInAs', <strong dir="auto">{status.account.displayName}</strong>)}</p>
            <p>{t('setupDoneTryHover')}</p>
            <p>{t('setupDoneTryPopup')}</p>
          </div>
        )}
      </section>

      <section aria-labelledby="contentstore-setup-heading">
        <h2 id="contentstore-setup-heading">{t('setupContentStoreHeading')}</h2>
        <p>{t('setupContentStoreText')}</p>
        <a href={optionsUrl('contentstore-heading')} target="_blank" rel="noopener">
          {t('setupContentStoreLink')}
        </a>
      </section>

      <section aria-labelledby="exchange-setup-heading">
        <h2 id="exchange-setup-heading">{t('setupExchangeHeading')}</h2>
        <p>{t('setupExchangeText')}</p>
        <a href={optionsUrl('exchange-heading')} target="_blank" rel="noopener">
          {t('setupExchangeLink')}
        </a>
      </section>
    </main>
  );
}
