import { useEffect, useState } from 'preact/hooks';
import type { AuthStatus } from '@/lib/messages';
import type { Settings } from '@/lib/settings';
import { send } from '@/utils/background';

interface Form {
  clientId: string;
  authority: string;
  graphEndpoint: string;
  hoverDelayMs: string;
  disabledSites: string;
  cacheTtlMinutes: string;
}

function toForm(settings: Settings): Form {
  return {
    clientId: settings.clientId,
    authority: settings.authority,
    graphEndpoint: settings.graphEndpoint,
    hoverDelayMs: String(settings.hoverDelayMs),
    disabledSites: settings.disabledSites.join('\n'),
    cacheTtlMinutes: String(settings.cacheTtlMinutes),
  };
}

function fromForm(form: Form, base: Settings): unknown {
  return {
    ...base,
    clientId: form.clientId,
    authority: form.authority,
    graphEndpoint: form.graphEndpoint,
    hoverDelayMs: Number(form.hoverDelayMs),
    disabledSites: form.disabledSites
      .split(/[\s,]+/)
      .map((site) => site.trim())
      .filter(Boolean),
    cacheTtlMinutes: Number(form.cacheTtlMinutes),
  };
}

function Field(props: {
  id: keyof Form;
  label: string;
  hint?: string;
  form: Form;
  errors: Record<string, string>;
  onInput(id: keyof Form, value: string): void;
  type?: string;
  multiline?: boolean;
}) {
  const { id, label, hint, form, errors, onInput, type = 'text', multiline } = props;
  const error = errors[id];
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: id,
    value: form[id],
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => onInput(id, (event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={4} {...common} /> : <input type={type} spellcheck={false} {...common} />}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Options() {
  const [settings, setSettings] = useState<Settings>();
  const [form, setForm] = useState<Form>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [auth, setAuth] = useState<AuthStatus>();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void (async () => {
      const loaded = await send({ type: 'settings/get' });
      setSettings(loaded);
      setForm(toForm(loaded));
      setAuth(await send({ type: 'auth/status' }));
    })();
  }, []);

  if (!settings || !form) return <p class="loading">Loading…</p>;

  const onInput = (id: keyof Form, value: string) => setForm({ ...form, [id]: value });

  /** Saves the form; returns false (and shows why) when a field is invalid. */
  const save = async (): Promise<boolean> => {
    const result = await send({ type: 'settings/save', settings: fromForm(form, settings) });
    if (!result.saved) {
      setErrors(result.errors);
      setMessage('Some settings need a fix (see below).');
      return false;
    }
    setErrors({});
    setSettings(result.settings);
    setForm(toForm(result.settings));
    setAuth(await send({ type: 'auth/status' }));
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

  const onSubmit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      if (await save()) setMessage('Settings saved.');
    });
  };

  const signIn = () =>
    run(async () => {
      if (!(await save())) return;
      const status = await send({ type: 'auth/sign-in' });
      setAuth(status);
    });

  const signOut = () => run(async () => setAuth(await send({ type: 'auth/sign-out' })));

  const clearCache = () =>
    run(async () => {
      const { cleared } = await send({ type: 'cache/clear' });
      setMessage(cleared === 1 ? 'Cleared 1 cached preview.' : `Cleared ${cleared} cached previews.`);
    });

  return (
    <main class="options">
      <h1>ShareLens</h1>
      <form onSubmit={onSubmit} noValidate>
        <section aria-labelledby="account-heading">
          <h2 id="account-heading">Microsoft account</h2>
          <Field
            id="clientId"
            label="Client ID"
            hint="Application (client) ID of your app registration (platform: single-page application)."
            form={form}
            errors={errors}
            onInput={onInput}
          />
          <Field
            id="authority"
            label="Sign-in authority"
            hint="For example https://login.microsoftonline.com/common, or your tenant instead of common."
            form={form}
            errors={errors}
            onInput={onInput}
            type="url"
          />
          <Field
            id="graphEndpoint"
            label="Microsoft Graph endpoint"
            hint="https://graph.microsoft.com/v1.0, or your national cloud's Graph host."
            form={form}
            errors={errors}
            onInput={onInput}
            type="url"
          />
          <div class="account" aria-live="polite">
            {auth?.signedIn && auth.account ? (
              <>
                <p>
                  Signed in as <strong>{auth.account.displayName}</strong>
                  {auth.account.username && <span class="muted"> ({auth.account.username})</span>}
                </p>
                <button type="button" class="button" onClick={signOut} disabled={busy}>
                  Sign out
                </button>
              </>
            ) : (
              <button type="button" class="button primary" onClick={signIn} disabled={busy}>
                Sign in
              </button>
            )}
          </div>
        </section>
        <section aria-labelledby="previews-heading">
          <h2 id="previews-heading">Previews</h2>
          <Field
            id="hoverDelayMs"
            label="Hover delay (milliseconds)"
            hint="How long to rest on a link before its card opens. Nothing is looked up before then."
            form={form}
            errors={errors}
            onInput={onInput}
            type="number"
          />
          <Field
            id="disabledSites"
            label="Sites where previews are off"
            hint="One host per line, such as mail.example.com or *.example.com."
            form={form}
            errors={errors}
            onInput={onInput}
            multiline
          />
          <Field
            id="cacheTtlMinutes"
            label="Keep previews for (minutes)"
            form={form}
            errors={errors}
            onInput={onInput}
            type="number"
          />
          <button type="button" class="button" onClick={clearCache} disabled={busy}>
            Clear cache
          </button>
        </section>
        <div class="actions">
          <button type="submit" class="button primary" disabled={busy}>
            Save
          </button>
          <p class="message" role="status">
            {message}
          </p>
        </div>
      </form>
    </main>
  );
}
