import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import {
  CALENDAR_ROLES,
  type CalendarPermission,
  type CalendarRole,
  ExchangeShareFormSchema,
  type ExchangeShareOutcome,
  type ExchangeShareRequest,
  type FolderChoice,
  type RecipientResult,
  ROLE_LABEL,
} from '@/lib/providers/exchange/sharing-forms';
import { send } from '@/utils/background';

/**
 * "Share calendar or contacts": a folder of the person's own mailbox, shared with the people they name. Through
 * Exchange Server (EWS) the answer says, recipient by recipient, which organisation got an encrypted sharing
 * token and why the others did not; through Microsoft 365 each recipient gets a calendar role, and the panel
 * lists who can see the calendar, with Remove. The form is checked here before anything is sent (and again in
 * the background).
 */
export interface FolderSharePanelProps {
  provider: string;
  /** The provider's settings section (for Exchange: which way it shares). */
  section: unknown;
  /** Says something to the person through the popup's status line. */
  announce(text: string): void;
}

type Fields = Record<string, string>;

/** E-mail addresses as people type them: separated by commas, semicolons, spaces or new lines. */
function addresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((each) => each.trim())
    .filter(Boolean);
}

const roleLabel = (role: string | undefined) => t(ROLE_LABEL[role ?? ''] ?? 'exchangeRoleCustom');

function resultText(result: RecipientResult): string {
  if (!result.ok) return t('exchangeNotShared', result.reason);
  if (result.organisation) return t('exchangeTokenFor', result.organisation);
  return t('exchangeSharedAs', roleLabel(result.role));
}

function permissionName(permission: CalendarPermission): string {
  const { name, address } = permission;
  return name && address ? `${name} (${address})` : (name ?? address ?? permission.id);
}

export function ExchangeSharePanel({ provider, section, announce }: FolderSharePanelProps) {
  const microsoft365 = (section as { mode?: string } | undefined)?.mode === 'microsoft365';
  const [folder, setFolder] = useState<FolderChoice>('calendar');
  const [recipients, setRecipients] = useState('');
  const [role, setRole] = useState<CalendarRole>('read');
  const [fields, setFields] = useState<Fields>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const [results, setResults] = useState<{ list: RecipientResult[]; tokens?: number }>();
  const [permissions, setPermissions] = useState<CalendarPermission[]>();
  const [consent, setConsent] = useState<ExchangeShareRequest>();
  const formRef = useRef<HTMLFormElement>(null);

  const run = async (request: ExchangeShareRequest): Promise<ExchangeShareOutcome> => {
    try {
      return (await send({ type: 'share/run', provider, request })) as ExchangeShareOutcome;
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : t('shareNoAnswer') };
    }
  };

  /** Shows an answer: results, the calendar's permissions, or what went wrong. */
  const show = (request: ExchangeShareRequest, outcome: ExchangeShareOutcome) => {
    if (outcome.permissions) setPermissions(outcome.permissions);
    if (!outcome.ok) {
      if (outcome.needsConsent) setConsent(request);
      if (outcome.fields) setFields(outcome.fields);
      setProblem(outcome.message);
      announce(outcome.message);
      return;
    }
    setConsent(undefined);
    setProblem('');
    if (outcome.recipients) {
      setResults({
        list: outcome.recipients,
        ...(outcome.tokens === undefined ? {} : { tokens: outcome.tokens }),
      });
      const done = outcome.recipients.filter((each) => each.ok).length;
      announce(t('exchangeSummary', done, outcome.recipients.length));
    }
  };

  const perform = async (request: ExchangeShareRequest) => {
    setBusy(true);
    try {
      show(request, await run(request));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (microsoft365) void perform({ action: 'list' });
  }, [microsoft365]);

  const focusFirstInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const submit = (event: Event) => {
    event.preventDefault();
    const form = ExchangeShareFormSchema.safeParse({
      folder,
      recipients: addresses(recipients),
      ...(microsoft365 ? { role } : {}),
    });
    if (!form.success) {
      const found: Fields = {};
      for (const issue of form.error.issues) found[String(issue.path[0] ?? 'form')] ??= issue.message;
      setFields(found);
      focusFirstInvalid();
      return;
    }
    setFields({});
    setResults(undefined);
    void perform({ action: 'share', form: form.data });
  };

  const allow = async () => {
    const pending = consent;
    setBusy(true);
    try {
      await send({ type: 'share/allow', provider });
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
      setBusy(false);
      return;
    }
    setBusy(false);
    if (pending) await perform(pending);
  };

  const contactsOn365 = microsoft365 && folder === 'contacts';
  const invalid = (name: string) =>
    fields[name]
      ? { 'aria-invalid': true as const, 'aria-describedby': `exchange-${name}-error` }
      : { 'aria-describedby': `exchange-${name}-hint` };

  return (
    <div class="share-panel">
      {consent && (
        <div class="banner" role="alert">
          <span>{t('exchangeNeedsConsent')}</span>
          <button type="button" class="button primary small" onClick={() => void allow()} disabled={busy}>
            {t('exchangeAllow')}
          </button>
        </div>
      )}
      <form
        class="share-section"
        ref={formRef}
        onSubmit={submit}
        noValidate
        aria-label={t('exchangeShareHeading')}
      >
        <fieldset class="field">
          <legend>{t('exchangeFolderLabel')}</legend>
          {(['calendar', 'contacts'] as const).map((each) => (
            <label key={each} class="choice">
              <input
                type="radio"
                name="exchange-folder"
                value={each}
                checked={folder === each}
                onChange={() => setFolder(each)}
              />
              {t(each === 'calendar' ? 'exchangeFolderCalendar' : 'exchangeFolderContacts')}
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span>{t('exchangeRecipientsLabel')}</span>
          <input
            type="text"
            value={recipients}
            spellcheck={false}
            autocomplete="off"
            {...invalid('recipients')}
            onInput={(event) => setRecipients((event.currentTarget as HTMLInputElement).value)}
          />
          <span class="hint" id="exchange-recipients-hint">
            {t('exchangeRecipientsHint')}
          </span>
          {fields.recipients && (
            <span class="field-error" id="exchange-recipients-error">
              {fields.recipients}
            </span>
          )}
        </label>
        {microsoft365 && !contactsOn365 && (
          <label class="field">
            <span>{t('exchangeRoleLabel')}</span>
            <select
              value={role}
              onChange={(event) => setRole((event.currentTarget as HTMLSelectElement).value as CalendarRole)}
            >
              {CALENDAR_ROLES.map((each) => (
                <option key={each} value={each}>
                  {roleLabel(each)}
                </option>
              ))}
            </select>
          </label>
        )}
        {contactsOn365 ? (
          <p class="row-error" role="note">
            {t('calendarContactsUnsupported')}
          </p>
        ) : !microsoft365 ? (
          <p class="hint">{t('exchangeEwsNote')}</p>
        ) : null}
        <button type="submit" class="button primary" disabled={busy || contactsOn365}>
          {t('exchangeShareSubmit')}
        </button>
      </form>
      <div role="status" aria-live="polite">
        {problem && <p class="row-error">{problem}</p>}
        {results && (
          <>
            <p>{t('exchangeSummary', results.list.filter((each) => each.ok).length, results.list.length)}</p>
            <ul class="access-list" aria-label={t('exchangeResultsLabel')}>
              {results.list.map((each) => (
                <li key={each.address} class={`access-entry ${each.ok ? 'shared' : 'not-shared'}`}>
                  <bdi>{each.address}</bdi>
                  <span class="hint"> — {resultText(each)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {microsoft365 && (
        <section class="share-section" aria-labelledby="exchange-permissions-heading">
          <h2 id="exchange-permissions-heading">{t('exchangePermissionsHeading')}</h2>
          {!permissions && !problem && <p class="row-facts">{t('loading')}</p>}
          {permissions && permissions.length === 0 && <p>{t('exchangeNoPermissions')}</p>}
          {permissions && permissions.length > 0 && (
            <ul class="access-list" aria-label={t('exchangePermissionsHeading')}>
              {permissions.map((each) => (
                <li key={each.id} class="access-entry">
                  <span>
                    <bdi>{permissionName(each)}</bdi>
                    <span class="hint">
                      {' — '}
                      {roleLabel(each.role)} · {t(each.inside ? 'exchangeInside' : 'exchangeOutside')}
                    </span>
                  </span>
                  {each.removable && (
                    <button
                      type="button"
                      class="button small"
                      disabled={busy}
                      aria-label={t('exchangeRemoveLabel', permissionName(each))}
                      onClick={() => void perform({ action: 'remove', permissionId: each.id })}
                    >
                      {t('exchangeRemove')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
