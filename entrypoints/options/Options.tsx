import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { HOVER_MODIFIERS, type HoverModifier } from '@/lib/hover-modifier';
import { type MessageKey, plural, t, tParts } from '@/lib/i18n';
import type { PolicyState } from '@/lib/managed';
import { ALL_PROVIDER_INFO, providerSection } from '@/lib/providers/info';
import type { AccountStatus, ProviderInfo } from '@/lib/providers/types';
import type { Settings } from '@/lib/settings';
import { send } from '@/utils/background';
import { setupPageUrl } from '@/utils/setup-page';
import { watchSettings } from '@/utils/watch-settings';
import { ContentStoreServers } from './ContentStoreServers';
import { Field } from './Field';
import { pointToInvalidFields } from './invalid-fields';

/**
 * The options page: the general settings, then one section per provider, rendered from that provider's
 * settings section (lib/providers/<id>/settings.ts) with its account's Sign in / Sign out. Field ids are the
 * settings paths (`hoverDelayMs`, `providers.graph.clientId`), which is also how save errors are keyed.
 */

/** Every input's text, by settings path. */
type Form = Record<string, string>;

const MODIFIER_LABELS: Record<HoverModifier, MessageKey> = {
  none: 'hoverModifierNone',
  Alt: 'hoverModifierAlt',
  Control: 'hoverModifierControl',
  Shift: 'hoverModifierShift',
  Meta: 'hoverModifierMeta',
};

const fieldPath = (provider: ProviderInfo, key: string) => `providers.${provider.id}.${key}`;

function toForm(settings: Settings): Form {
  const form: Form = {
    previewsEnabled: String(settings.previewsEnabled),
    hoverDelayMs: String(settings.hoverDelayMs),
    hoverModifier: settings.hoverModifier,
    disabledSites: settings.disabledSites.join('\n'),
    cacheTtlMinutes: String(settings.cacheTtlMinutes),
  };
  for (const provider of ALL_PROVIDER_INFO) {
    const section = providerSection(settings, provider.id) as Record<string, unknown> | undefined;
    for (const field of provider.fields) {
      form[fieldPath(provider, field.key)] = String(section?.[field.key] ?? '');
    }
  }
  return form;
}

/** `fresh`, except in the fields the person changed since the form was filled with `before`. */
function keepEdits(current: Form, before: Form, fresh: Form, locked: readonly string[]): Form {
  const merged: Form = {};
  for (const [id, value] of Object.entries(fresh))
    merged[id] = current[id] === before[id] || locked.includes(id) ? value : (current[id] ?? value);
  return merged;
}

function fromForm(form: Form, base: Settings): unknown {
  const providers: Record<string, Record<string, unknown>> = {};
  for (const provider of ALL_PROVIDER_INFO) {
    const section: Record<string, unknown> = { ...(providerSection(base, provider.id) as object) };
    for (const field of provider.fields) section[field.key] = form[fieldPath(provider, field.key)];
    providers[provider.id] = section;
  }
  return {
    ...base,
    previewsEnabled: form.previewsEnabled === 'true',
    hoverDelayMs: Number(form.hoverDelayMs),
    hoverModifier: form.hoverModifier,
    disabledSites: (form.disabledSites ?? '')
      .split(/[\s,]+/)
      .map((site) => site.trim())
      .filter(Boolean),
    cacheTtlMinutes: Number(form.cacheTtlMinutes),
    providers,
  };
}

/** What a field says under it: that the policy sets it (or sets it to something unusable), else its own hint. */
function policyHint(id: string, policy: PolicyState, hint: string | undefined): string | undefined {
  if (policy.managed.includes(id)) return `${t('settingsSetByPolicy')} ${t('settingsPolicyHint')}`;
  if (policy.invalid.includes(id)) return [hint, t('settingsPolicyInvalid')].filter(Boolean).join(' ');
  return hint;
}

/**
 * A field of the settings form: its value and error come from the form by its id; one the IT department's
 * policy sets is disabled and says so.
 */
function FormField(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  form: Form;
  errors: Record<string, string>;
  policy: PolicyState;
  onInput(id: string, value: string): void;
  type?: string;
  multiline?: boolean;
  choices?: readonly { value: string; label: string }[] | undefined;
}) {
  const { form, errors, policy, onInput, ...rest } = props;
  return (
    <Field
      {...rest}
      hint={policyHint(props.id, policy, props.hint)}
      disabled={policy.managed.includes(props.id)}
      value={form[props.id] ?? ''}
      error={errors[props.id]}
      onInput={(value) => onInput(props.id, value)}
    />
  );
}

function AccountBlock(props: { status?: AccountStatus; busy: boolean; onSignIn(): void; onSignOut(): void }) {
  const { status, busy, onSignIn, onSignOut } = props;
  return (
    <div class="account" aria-live="polite">
      {status?.signedIn && status.account ? (
        <>
          <p>
            {tParts('signedInAs', <strong dir="auto">{status.account.displayName}</strong>)}
            {status.account.username && (
              <span class="muted">
                {' ('}
                <bdi>{status.account.username}</bdi>)
              </span>
            )}
          </p>
          <button type="button" class="button" onClick={onSignOut} disabled={busy}>
            {t('signOut')}
          </button>
        </>
      ) : (
        <button type="button" class="button primary" onClick={onSignIn} disabled={busy}>
          {t('signIn')}
        </button>
      )}
    </div>
  );
}

/**
 * Sign-in with a password typed here (Exchange Server, Basic): sent once to the background, which keeps it in
 * its credential store; it is never part of the settings, and the field is emptied at once.
 */
function PasswordBlock(props: {
  provider: string;
  status?: AccountStatus;
  busy: boolean;
  onSignIn(password: string): void;
  onSignOut(): void;
}) {
  const { provider, status, busy, onSignIn, onSignOut } = props;
  const [password, setPassword] = useState('');
  const id = `${provider}-password`;
  if (status?.signedIn && status.account)
    return (
      <div class="account" aria-live="polite">
        <p>{tParts('signedInAs', <strong dir="auto">{status.account.username}</strong>)}</p>
        <button type="button" class="button" onClick={onSignOut} disabled={busy}>
          {t('exchangeForgetPassword')}
        </button>
      </div>
    );
  return (
    <div class="account">
      <div class="field">
        <label for={id}>{t('exchangePasswordLabel')}</label>
        <input
          id={id}
          type="password"
          autocomplete="current-password"
          value={password}
          aria-describedby={`${id}-hint`}
          onInput={(event) => setPassword((event.currentTarget as HTMLInputElement).value)}
        />
        <p class="hint" id={`${id}-hint`}>
          {t('exchangePasswordHint')}
        </p>
      </div>
      <button
        type="button"
        class="button primary"
        disabled={busy || !password}
        onClick={() => {
          onSignIn(password);
          setPassword('');
        }}
      >
        {t('exchangeSignInBasic')}
      </button>
    </div>
  );
}

/** Whether a field shows: `when` names other fields of its section and the values they must have. */
function shown(
  provider: ProviderInfo,
  when: Readonly<Record<string, readonly string[]>> | undefined,
  form: Form,
) {
  return Object.entries(when ?? {}).every(([key, values]) =>
    values.includes(form[fieldPath(provider, key)] ?? ''),
  );
}

/** The section as the form has it (for `signInKind`). */
function sectionOf(provider: ProviderInfo, form: Form): Record<string, string> {
  return Object.fromEntries(
    provider.fields.map((field) => [field.key, form[fieldPath(provider, field.key)] ?? '']),
  );
}

/** The origins of the form's EWS URLs, if any (so the browser can be asked for access when they are saved). */
function ewsOrigins(form: Form): string[] {
  const origins: string[] = [];
  for (const provider of ALL_PROVIDER_INFO) {
    const section = sectionOf(provider, form);
    if (section.mode !== 'exchangeServer' || !section.ewsUrl || !URL.canParse(section.ewsUrl.trim()))
      continue;
    origins.push(new URL(section.ewsUrl.trim()).origin);
  }
  return origins;
}

export function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [form, setForm] = useState<Form>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [accounts, setAccounts] = useState<Record<string, AccountStatus>>({});
  const [policy, setPolicy] = useState<PolicyState>({ managed: [], invalid: [] });
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  /** The form as last filled from the stored settings: what the person has not changed since. */
  const filled = useRef<Form>({});
  const fill = (from: Settings) => {
    const fresh = toForm(from);
    filled.current = fresh;
    setForm(fresh);
  };

  const refreshAccounts = async () => {
    const statuses = await send({ type: 'auth/status' });
    setAccounts(Object.fromEntries(statuses.map((status) => [status.provider, status])));
  };

  useEffect(() => {
    void (async () => {
      // The accounts come with the settings, so no section shows a sign-in button before it knows its state.
      const [loaded, policy] = await Promise.all([
        send({ type: 'settings/get' }),
        send({ type: 'settings/policy' }),
        refreshAccounts(),
      ]);
      setPolicy(policy);
      setSettings(loaded);
      fill(loaded);
    })();
    // A change made elsewhere (the popup's site switch, another options tab) shows at once in every field the
    // person has not edited here; what they typed stays, and a save does not undo the other change.
    // A field a policy has just taken over shows the policy's value, not the edit: it cannot be saved any more.
    return watchSettings(async (changed) => {
      const policy = await send({ type: 'settings/policy' }).catch(() => undefined);
      if (policy) setPolicy(policy);
      const fresh = toForm(changed);
      const before = filled.current;
      filled.current = fresh;
      setSettings(changed);
      setForm((current) => (current ? keepEdits(current, before, fresh, policy?.managed ?? []) : fresh));
    });
  }, []);

  if (!settings || !form) return <p class="loading">{t('loading')}</p>;

  const onInput = (id: string, value: string) => setForm({ ...form, [id]: value });

  /** Saves the form; returns false (and shows why) when a field is invalid. */
  const save = async (): Promise<boolean> => {
    const result = await send({ type: 'settings/save', settings: fromForm(form, settings) });
    if (!result.saved) {
      setErrors(result.errors);
      setMessage(pointToInvalidFields(Object.keys(result.errors)));
      return false;
    }
    setErrors({});
    setSettings(result.settings);
    fill(result.settings);
    await refreshAccounts();
    return true;
  };

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

  /**
   * Asks the browser for access to each EWS server in the form, while the click still counts as the person's
   * (permissions.request needs that): ShareLens sends the sharing requests there from the background.
   */
  const askHostAccess = (): Promise<string> => {
    const origins = ewsOrigins(form);
    if (origins.length === 0 || !browser.permissions?.request) return Promise.resolve('');
    return browser.permissions.request({ origins: origins.map((origin) => `${origin}/*`) }).then(
      (granted) =>
        granted ? t('exchangeHostAllowed', origins.join(', ')) : t('exchangeHostRefused', origins.join(', ')),
      () => t('exchangeHostRefused', origins.join(', ')),
    );
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const access = askHostAccess();
    void run(async () => {
      if (!(await save())) return;
      const said = await access;
      setMessage(said ? `${t('settingsSaved')} ${said}` : t('settingsSaved'));
    });
  };

  const setAccount = (status: AccountStatus) => setAccounts((all) => ({ ...all, [status.provider]: status }));
  const signIn = (provider: string, password?: string) =>
    run(async () => {
      if (!(await save())) return;
      setAccount(await send({ type: 'auth/sign-in', provider, ...(password ? { password } : {}) }));
    });
  const signOut = (provider: string) =>
    run(async () => setAccount(await send({ type: 'auth/sign-out', provider })));

  const clearCache = () =>
    run(async () => {
      const { cleared } = await send({ type: 'cache/clear' });
      setMessage(plural('cacheCleared', cleared));
    });

  const fieldProps = { form, errors, policy, onInput };
  const previewsManaged = policy.managed.includes('previewsEnabled');

  return (
    <main class="options">
      <h1>{t('extName')}</h1>
      <p>
        <a class="setup-guide" href={setupPageUrl()} target="_blank" rel="noopener">
          {t('setupGuideLink')}
        </a>
      </p>
      <form onSubmit={onSubmit} noValidate>
        {ALL_PROVIDER_INFO.map((provider) => (
          <section key={provider.id} aria-labelledby={`${provider.id}-heading`}>
            <h2 id={`${provider.id}-heading`}>{t(provider.name)}</h2>
            {provider.id === 'contentstore' && (
              <ContentStoreServers
                settings={settings}
                status={accounts[provider.id]}
                onStatus={setAccount}
                onSettings={setSettings}
                managed={policy.managed.includes('providers.contentstore.servers')}
              />
            )}
            {provider.id === 'contentstore' && policy.invalid.includes('providers.contentstore.servers') && (
              <p class="hint">{t('settingsPolicyInvalid')}</p>
            )}
            {provider.fields
              .filter((field) => shown(provider, field.when, form))
              .map((field) => (
                <FormField
                  key={field.key}
                  id={fieldPath(provider, field.key)}
                  label={t(field.label)}
                  hint={field.hint && t(field.hint)}
                  type={field.input}
                  choices={field.options?.map((option) => ({ value: option.value, label: t(option.label) }))}
                  {...fieldProps}
                />
              ))}
            {(() => {
              const kind = provider.signInKind?.(sectionOf(provider, form)) ?? 'window';
              if (kind === 'none' || kind === 'perServer') return null;
              if (kind === 'linked') return <p class="hint">{t('exchangeUsesMicrosoft')}</p>;
              if (kind === 'password')
                return (
                  <PasswordBlock
                    provider={provider.id}
                    status={accounts[provider.id]}
                    busy={busy}
                    onSignIn={(password) => signIn(provider.id, password)}
                    onSignOut={() => signOut(provider.id)}
                  />
                );
              return (
                <AccountBlock
                  status={accounts[provider.id]}
                  busy={busy}
                  onSignIn={() => signIn(provider.id)}
                  onSignOut={() => signOut(provider.id)}
                />
              );
            })()}
          </section>
        ))}
        <section aria-labelledby="previews-heading">
          <h2 id="previews-heading">{t('previewsHeading')}</h2>
          <div class="field checkbox">
            <input
              id="previewsEnabled"
              type="checkbox"
              checked={form.previewsEnabled === 'true'}
              disabled={previewsManaged}
              aria-describedby="previewsEnabled-hint"
              onChange={(event) => onInput('previewsEnabled', String(event.currentTarget.checked))}
            />
            <label for="previewsEnabled">{t('previewsEnabledLabel')}</label>
            <p class="hint" id="previewsEnabled-hint">
              {policyHint('previewsEnabled', policy, t('previewsEnabledHint'))}
            </p>
          </div>
          <FormField
            id="hoverDelayMs"
            label={t('hoverDelayLabel')}
            hint={t('hoverDelayHint')}
            type="number"
            {...fieldProps}
          />
          <FormField
            id="hoverModifier"
            label={t('hoverModifierLabel')}
            hint={t('hoverModifierHint')}
            choices={HOVER_MODIFIERS.map((value) => ({ value, label: t(MODIFIER_LABELS[value]) }))}
            {...fieldProps}
          />
          <FormField
            id="disabledSites"
            label={t('disabledSitesLabel')}
            hint={t('disabledSitesHint')}
            multiline
            {...fieldProps}
          />
          <FormField id="cacheTtlMinutes" label={t('cacheTtlLabel')} type="number" {...fieldProps} />
          <button type="button" class="button" onClick={clearCache} disabled={busy}>
            {t('clearCache')}
          </button>
        </section>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            {t('save')}
          </button>
          <p class="message" role="status">
            {message}
          </p>
        </div>
      </form>
    </main>
  );
}
