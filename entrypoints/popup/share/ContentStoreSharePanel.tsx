import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, t } from '@/lib/i18n';
import {
  ContentStoreShareFormSchema,
  type ContentStoreShareOutcome,
  type ContentStoreShareRequest,
  MAX_MESSAGE_LENGTH,
  PERMISSIONS,
  type Permission,
  RECIPIENT_KINDS,
  type RecipientKind,
  type ShareSummary,
} from '@/lib/providers/contentstore/sharing-forms';
import { send } from '@/utils/background';
import type { SharePanelProps } from './GraphSharePanel';

/**
 * The share panel for ContentStore files and folders (reference §1.3, seed 003): share privately with users,
 * e-mail addresses, user groups and external groups, each with a permission, with an optional e-mail; or make a
 * public link with an optional password. "Already shared" offers to update that share; Stop sharing removes it.
 * Forms are checked here before anything is sent, and again in the background.
 */

const KIND_LABEL: Record<RecipientKind, MessageKey> = {
  user: 'csKindUser',
  email: 'csKindEmail',
  group: 'csKindGroup',
  externalGroup: 'csKindExternalGroup',
};
const PERMISSION_LABEL: Record<Permission, MessageKey> = {
  view: 'csPermissionView',
  edit: 'csPermissionEdit',
};

interface RecipientRow {
  kind: RecipientKind;
  name: string;
  permission: Permission;
}

type Fields = Record<string, string>;

export function ContentStoreSharePanel({ item, provider, announce }: SharePanelProps) {
  const target = { ref: item.shareTarget.ref };
  const [mode, setMode] = useState<'private' | 'public'>('private');
  const [name, setName] = useState('');
  const [rows, setRows] = useState<RecipientRow[]>([{ kind: 'user', name: '', permission: 'view' }]);
  const [sendEmail, setSendEmail] = useState(false);
  const [message, setMessage] = useState('');
  const [password, setPassword] = useState('');
  const [fields, setFields] = useState<Fields>({});
  const [busy, setBusy] = useState(false);
  const [share, setShare] = useState<ShareSummary>();
  /** An existing share the server named (409): the person may update it instead. */
  const [existing, setExisting] = useState<string>();

  const ask = async (request: ContentStoreShareRequest) =>
    (await send({ type: 'share/run', provider, request })) as ContentStoreShareOutcome;

  /** Results go to the popup's status line (announced, one place). */
  const say = (text: string) => announce(text);

  const apply = (outcome: ContentStoreShareOutcome, done?: (id: string) => string) => {
    if (!outcome.ok) {
      setFields(outcome.fields ?? {});
      if (outcome.alreadyShared?.shareId) setExisting(outcome.alreadyShared.shareId);
      say(outcome.message);
      return;
    }
    setFields({});
    setShare(outcome.share);
    if (outcome.done === 'stopped') {
      setExisting(undefined);
      setShare(undefined);
    } else if (outcome.share) setExisting(undefined);
    if (done) say(done(outcome.share?.shareId ?? ''));
  };

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void run(async () => apply(await ask({ action: 'status', target })));
  }, [item.shareTarget.ref]);

  /** The form, checked here first: per-field messages, nothing sent. */
  const form = () => {
    const checked = ContentStoreShareFormSchema.safeParse({
      mode,
      name,
      recipients: mode === 'private' ? rows.filter((row) => row.name.trim() !== '') : [],
      sendEmail,
      message,
      password: mode === 'public' ? password : '',
    });
    if (checked.success) return checked.data;
    const next: Fields = {};
    for (const issue of checked.error.issues) {
      const [first, index, field] = issue.path;
      const key =
        first === 'recipients' && index !== undefined
          ? `recipients.${String(index)}.${String(field)}`
          : String(first);
      next[key] ??= issue.message;
    }
    setFields(next);
    say(t('shareCheckFields'));
    return undefined;
  };

  const doShare = () =>
    run(async () => {
      const checked = form();
      if (checked) apply(await ask({ action: 'share', target, form: checked }), (id) => t('csShared', id));
    });
  const doUpdate = (shareId: string) =>
    run(async () => {
      const checked = form();
      if (checked)
        apply(await ask({ action: 'update', target, shareId, form: checked }), (id) =>
          t('csUpdated', id || shareId),
        );
    });
  const doStop = (shareId: string) =>
    run(async () => apply(await ask({ action: 'stop', target, shareId }), () => t('csStopped')));

  const setRow = (index: number, change: Partial<RecipientRow>) =>
    setRows(rows.map((row, each) => (each === index ? { ...row, ...change } : row)));

  const updatable = existing ?? share?.shareId;

  return (
    <div class="share-panel cs-share">
      <section aria-labelledby="cs-current">
        <h2 id="cs-current">{share ? t('csCurrentShare', share.shareId) : t('csNotShared')}</h2>
        {share?.name && <p dir="auto">{share.name}</p>}
        {share?.url && (
          <div class="field">
            <label for="cs-public-url">{t('csPublicLink')}</label>
            <input id="cs-public-url" type="url" readOnly value={share.url} />
            {share.passwordProtected && <p class="hint">{t('csWithPassword')}</p>}
          </div>
        )}
        {share && share.recipients.length > 0 && (
          <ul aria-label={t('csSharedWith')}>
            {share.recipients.map((each) => (
              <li key={`${each.kind}:${each.name}`}>
                <bdi>{each.name}</bdi> <span class="muted">({t(KIND_LABEL[each.kind])})</span>
              </li>
            ))}
          </ul>
        )}
        {share && (
          <button type="button" class="button" disabled={busy} onClick={() => void doStop(share.shareId)}>
            {t('csStopButton')}
          </button>
        )}
      </section>

      <fieldset class="cs-mode" aria-label={t('csShareButton')}>
        <label>
          <input
            type="radio"
            name="cs-mode"
            checked={mode === 'private'}
            onChange={() => setMode('private')}
          />{' '}
          {t('csModePrivate')}
        </label>{' '}
        <label>
          <input type="radio" name="cs-mode" checked={mode === 'public'} onChange={() => setMode('public')} />{' '}
          {t('csModePublic')}
        </label>
      </fieldset>

      <div class="field">
        <label for="cs-share-name">{t('csShareName')}</label>
        <input id="cs-share-name" type="text" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        {fields.name && <p class="error">{fields.name}</p>}
      </div>

      {mode === 'private' ? (
        <>
          {rows.map((row, index) => {
            const n = index + 1;
            const error = fields[`recipients.${index}.name`];
            return (
              <div class="cs-recipient" key={index}>
                <select
                  aria-label={`${t('csRecipientKind')} ${n}`}
                  value={row.kind}
                  onChange={(e) => setRow(index, { kind: e.currentTarget.value as RecipientKind })}
                >
                  {RECIPIENT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(KIND_LABEL[kind])}
                    </option>
                  ))}
                </select>
                <input
                  type="text"
                  aria-label={`${t('csRecipientName')} ${n}`}
                  aria-invalid={error ? true : undefined}
                  value={row.name}
                  onInput={(e) => setRow(index, { name: e.currentTarget.value })}
                />
                <select
                  aria-label={`${t('csPermission')} ${n}`}
                  value={row.permission}
                  onChange={(e) => setRow(index, { permission: e.currentTarget.value as Permission })}
                >
                  {PERMISSIONS.map((permission) => (
                    <option key={permission} value={permission}>
                      {t(PERMISSION_LABEL[permission])}
                    </option>
                  ))}
                </select>
                {rows.length > 1 && (
                  <button
                    type="button"
                    class="button small"
                    aria-label={`${t('csRemoveRecipient')} ${n}`}
                    onClick={() => setRows(rows.filter((_, each) => each !== index))}
                  >
                    ×
                  </button>
                )}
                {error && <p class="error">{error}</p>}
              </div>
            );
          })}
          {fields.recipients && <p class="error">{fields.recipients}</p>}
          <button
            type="button"
            class="button small"
            onClick={() => setRows([...rows, { kind: 'user', name: '', permission: 'view' }])}
          >
            {t('csAddRecipient')}
          </button>
          <div class="field">
            <label>
              <input
                type="checkbox"
                checked={sendEmail}
                onChange={(e) => setSendEmail(e.currentTarget.checked)}
              />{' '}
              {t('csSendEmail')}
            </label>
          </div>
          {sendEmail && (
            <div class="field">
              <label for="cs-message">{t('csMessage')}</label>
              <textarea
                id="cs-message"
                rows={3}
                maxLength={MAX_MESSAGE_LENGTH}
                value={message}
                onInput={(e) => setMessage(e.currentTarget.value)}
              />
              {fields.message && <p class="error">{fields.message}</p>}
            </div>
          )}
        </>
      ) : (
        <div class="field">
          <label for="cs-link-password">{t('csLinkPassword')}</label>
          <input
            id="cs-link-password"
            type="password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
          {fields.password && <p class="error">{fields.password}</p>}
        </div>
      )}

      <div class="cs-actions">
        <button type="button" class="button primary" disabled={busy} onClick={() => void doShare()}>
          {t('csShareButton')}
        </button>
        {updatable && (
          <button type="button" class="button" disabled={busy} onClick={() => void doUpdate(updatable)}>
            {t('csUpdateButton', updatable)}
          </button>
        )}
      </div>
    </div>
  );
}
