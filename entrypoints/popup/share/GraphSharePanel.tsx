import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate } from '@/lib/format';
import { type MessageKey, plural, t } from '@/lib/i18n';
import type { SharedItem } from '@/lib/model';
import {
  type AccessEntry,
  createLinkFormSchema,
  type GraphShareOutcome,
  type GraphShareRequest,
  inviteFormSchema,
  type LinkScope,
  type LinkType,
  linkOptionsFor,
  MAX_MESSAGE_LENGTH,
  reconciledInvite,
  reconciledLink,
  type ShareTarget,
} from '@/lib/providers/graph/sharing-forms';
import { send } from '@/utils/background';

/**
 * The share panel for OneDrive and SharePoint items (reference/graph-shares.md §2): Copy a link, Invite people,
 * Who has access. Every form is checked here before anything is sent (and again in the background). A write
 * that got no answer (a timeout, the worker stopped) is looked up before the person may send it again, so
 * nothing is made twice.
 */

export interface SharePanelProps {
  item: SharedItem & { shareTarget: ShareTarget };
  provider: string;
  /** Says something to the person through the popup's status line. */
  announce(text: string): void;
}

type Fields = Record<string, string>;

const TYPE_LABEL: Record<LinkType, MessageKey> = {
  view: 'shareTypeView',
  edit: 'shareTypeEdit',
  embed: 'shareTypeEmbed',
};
const SCOPE_LABEL: Record<LinkScope, MessageKey> = {
  anonymous: 'shareScopeAnyone',
  organization: 'shareScopeOrganization',
  users: 'shareScopeUsers',
};

/** E-mail addresses as people type them: separated by commas, semicolons, spaces or new lines. */
function addresses(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((each) => each.trim())
    .filter(Boolean);
}

/** The first message per field of a failed check (`recipients.1` → `recipients`). */
function fieldsOf(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): Fields {
  const fields: Fields = {};
  for (const issue of issues) fields[String(issue.path[0] ?? 'form')] ??= issue.message;
  return fields;
}

/** "Who has access" in plain words. */
function describe(entry: AccessEntry): { who: string; what: string } {
  if (entry.kind === 'link') {
    // Graph may leave the scope out or name one ShareLens does not know: say no more than it did.
    const scope = entry.link?.scope;
    const who =
      scope === 'anonymous'
        ? t('shareLinkAnyone')
        : scope === 'organization'
          ? t('shareLinkOrganization')
          : scope === 'users'
            ? t('shareLinkUsers')
            : scope === 'existingAccess'
              ? t('linkExistingAccess')
              : t('shareLinkOther');
    const extras: string[] = [entry.role === 'write' ? t('shareCanEdit') : t('shareCanView')];
    const expires = entry.link?.expires && formatDate(entry.link.expires);
    if (expires) extras.push(t('shareExpires', expires));
    if (entry.link?.hasPassword) extras.push(t('sharePasswordSet'));
    return { who, what: extras.join(' · ') };
  }
  const name = entry.person?.name;
  const email = entry.person?.email;
  const who = name && email ? `${name} (${email})` : (name ?? email ?? t('shareSomeone'));
  const what =
    entry.role === 'owner'
      ? t('shareRoleOwner')
      : entry.role === 'write'
        ? t('shareCanEdit')
        : t('shareCanView');
  return { who, what };
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={id}>
      {message}
    </p>
  ) : null;
}

export function GraphSharePanel({ item, provider, announce }: SharePanelProps) {
  const target = item.shareTarget;
  const options = linkOptionsFor(target.personal, target.folder ?? false);
  const [access, setAccess] = useState<AccessEntry[]>();
  const [accessError, setAccessError] = useState('');
  const [consent, setConsent] = useState<GraphShareRequest>();
  const [busy, setBusy] = useState(false);

  // Copy a link
  const [linkType, setLinkType] = useState<LinkType>('view');
  const [scope, setScope] = useState<LinkScope>(options.scopes[0] ?? 'anonymous');
  const [linkRecipients, setLinkRecipients] = useState('');
  const [linkExpires, setLinkExpires] = useState('');
  const [password, setPassword] = useState('');
  const [linkFields, setLinkFields] = useState<Fields>({});
  const [madeLink, setMadeLink] = useState<{ url: string; note: string }>();
  const [linkProblem, setLinkProblem] = useState('');

  // Invite people
  const [inviteRecipients, setInviteRecipients] = useState('');
  const [role, setRole] = useState<'read' | 'write'>('read');
  const [message, setMessage] = useState('');
  const [sendInvitation, setSendInvitation] = useState(true);
  const [requireSignIn, setRequireSignIn] = useState(true);
  const [inviteExpires, setInviteExpires] = useState('');
  const [inviteFields, setInviteFields] = useState<Fields>({});
  const [invited, setInvited] = useState<AccessEntry[]>();
  const [inviteProblem, setInviteProblem] = useState('');

  /** A write whose outcome is not known: it may be sent again only once the list has been checked. */
  const [unsure, setUnsure] = useState<'createLink' | 'invite'>();
  const formRef = useRef<HTMLDivElement>(null);

  const run = async (request: GraphShareRequest): Promise<GraphShareOutcome | undefined> => {
    try {
      return (await send({ type: 'share/run', provider, request })) as GraphShareOutcome;
    } catch {
      return undefined; // no answer: the worker stopped, or the message never arrived
    }
  };

  const refresh = async (): Promise<AccessEntry[] | undefined> => {
    const outcome = await run({ action: 'list', target });
    if (outcome?.ok) {
      setAccess(outcome.access);
      setAccessError('');
      return outcome.access;
    }
    if (outcome && !outcome.ok && outcome.needsConsent) setConsent({ action: 'list', target });
    setAccessError(outcome?.message ?? t('shareNoAnswer'));
    return undefined;
  };

  useEffect(() => {
    void refresh();
  }, [target.ref]);

  /** Moves focus to the first field that says what is wrong. */
  const focusFirstInvalid = () =>
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
    );

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      return true;
    } catch {
      return false;
    }
  };

  const showLink = async (link: AccessEntry | undefined, note: string) => {
    const url = link?.link?.webUrl;
    if (!url) return;
    const copied = await copy(url);
    const said = `${note} ${copied ? t('shareLinkCopied') : t('shareLinkCopyFailed')}`.trim();
    setMadeLink({ url, note: said });
    announce(said);
  };

  /** Sends a write, and when no answer came, looks the list up before anything else may happen. */
  const write = async (request: Extract<GraphShareRequest, { action: 'createLink' | 'invite' }>) => {
    setBusy(true);
    try {
      const outcome = await run(request);
      if (!outcome) {
        // The background did not answer at all: whether the write reached Graph is unknown. Look.
        const listed = await refresh();
        if (!listed) {
          setUnsure(request.action);
          return undefined;
        }
        return request.action === 'createLink'
          ? reconciledLink(listed, request.form)
          : reconciledInvite(listed, request.form);
      }
      if (!outcome.ok && outcome.needsConsent) {
        setConsent(request);
        return undefined;
      }
      if (outcome.access) setAccess(outcome.access);
      setUnsure(!outcome.ok && outcome.uncertain ? request.action : undefined);
      return outcome;
    } finally {
      setBusy(false);
    }
  };

  const createLink = async (event: Event) => {
    event.preventDefault();
    setLinkProblem('');
    setMadeLink(undefined);
    const form = {
      type: linkType,
      scope,
      recipients: scope === 'users' ? addresses(linkRecipients) : [],
      expires: linkExpires || undefined,
      password: options.password && password ? password : undefined,
    };
    const checked = createLinkFormSchema(target.personal, Date.now(), target.folder ?? false).safeParse(form);
    if (!checked.success) {
      setLinkFields(fieldsOf(checked.error.issues));
      setLinkProblem(t('shareCheckFields'));
      focusFirstInvalid();
      return;
    }
    setLinkFields({});
    const outcome = await write({ action: 'createLink', target, form: checked.data });
    if (!outcome) return;
    if (!outcome.ok) {
      if (outcome.fields) setLinkFields(outcome.fields);
      setLinkProblem(outcome.message);
      announce(outcome.message);
      return;
    }
    const note = outcome.reconciled
      ? t('shareLinkMadeLate')
      : outcome.created === false
        ? t('shareLinkExisting')
        : t('shareLinkMade');
    await showLink(outcome.link, note);
  };

  const invite = async (event: Event) => {
    event.preventDefault();
    setInviteProblem('');
    setInvited(undefined);
    const form = {
      recipients: addresses(inviteRecipients),
      role,
      message,
      sendInvitation,
      requireSignIn,
      expires: target.personal && inviteExpires ? inviteExpires : undefined,
    };
    const checked = inviteFormSchema(target.personal).safeParse(form);
    if (!checked.success) {
      setInviteFields(fieldsOf(checked.error.issues));
      setInviteProblem(t('shareCheckFields'));
      focusFirstInvalid();
      return;
    }
    setInviteFields({});
    const outcome = await write({ action: 'invite', target, form: checked.data });
    if (!outcome) return;
    if (outcome.invited) setInvited(outcome.invited);
    if (!outcome.ok) {
      if (outcome.fields) setInviteFields(outcome.fields);
      setInviteProblem(outcome.message);
      announce(outcome.message);
      return;
    }
    const said = outcome.reconciled
      ? t('shareInvitedLate')
      : plural('shareInvited', outcome.invited?.length ?? 0);
    announce(said);
    setInviteRecipients('');
    setMessage('');
  };

  const change = async (entry: AccessEntry, request: GraphShareRequest) => {
    setBusy(true);
    try {
      const outcome = await run(request);
      if (!outcome) {
        await refresh();
        announce(t('shareChangeUnknown'));
        return;
      }
      if (!outcome.ok && outcome.needsConsent) {
        setConsent(request);
        return;
      }
      if (outcome.access) setAccess(outcome.access);
      const { who } = describe(entry);
      announce(
        outcome.ok
          ? request.action === 'remove'
            ? t('shareRemoved', who)
            : t('shareRoleChanged', who)
          : outcome.message,
      );
    } finally {
      setBusy(false);
    }
  };

  /** The person allows sharing (incremental consent); then what they asked for is sent, once. */
  const allow = async () => {
    const pending = consent;
    try {
      const status = await send({ type: 'share/allow', provider });
      if (!status.signedIn) return;
      setConsent(undefined);
      if (!pending || pending.action === 'list') {
        await refresh();
        return;
      }
      if (pending.action === 'createLink') await createLink(new Event('submit'));
      else if (pending.action === 'invite') await invite(new Event('submit'));
      else await change({ id: pending.permissionId, kind: 'person', role: 'read' }, pending);
    } catch (error) {
      announce(error instanceof Error ? error.message : String(error));
    }
  };

  const checkAgain = async () => {
    if (await refresh()) setUnsure(undefined);
  };

  /** A field's error state; `form` keeps the two forms' ids apart. */
  const invalid = (form: 'link' | 'invite', fields: Fields, name: string) =>
    fields[name] ? { 'aria-invalid': true, 'aria-describedby': `${form}-${name}-error` } : {};

  return (
    <div class="share-panel" ref={formRef}>
      {consent && (
        <div class="banner" role="alert">
          <span>{t('shareNeedsConsent')}</span>
          <button type="button" class="button primary small" onClick={() => void allow()}>
            {t('shareAllow')}
          </button>
        </div>
      )}
      {unsure && (
        <div class="banner" role="alert">
          <span>{t('shareUncertain')}</span>
          <button type="button" class="button small" onClick={() => void checkAgain()}>
            {t('shareCheckAgain')}
          </button>
        </div>
      )}

      <form class="share-section" aria-labelledby="copy-link-heading" onSubmit={createLink} noValidate>
        <h3 id="copy-link-heading">{t('shareCopyLinkHeading')}</h3>
        <label class="field">
          {t('shareLinkTypeLabel')}
          <select
            value={linkType}
            onChange={(e) => setLinkType((e.currentTarget as HTMLSelectElement).value as LinkType)}
          >
            {options.types.map((type) => (
              <option key={type} value={type}>
                {t(TYPE_LABEL[type])}
              </option>
            ))}
          </select>
        </label>
        {options.scopes.length > 1 && (
          <fieldset class="field" {...invalid('link', linkFields, 'scope')}>
            <legend>{t('shareScopeLabel')}</legend>
            {options.scopes.map((each) => (
              <label key={each} class="choice">
                <input
                  type="radio"
                  name="scope"
                  value={each}
                  checked={scope === each}
                  onChange={() => setScope(each)}
                />
                {t(SCOPE_LABEL[each])}
              </label>
            ))}
          </fieldset>
        )}
        {scope === 'users' && (
          <label class="field">
            {t('shareRecipientsLabel')}
            <input
              type="text"
              autoComplete="email"
              value={linkRecipients}
              onInput={(e) => setLinkRecipients((e.currentTarget as HTMLInputElement).value)}
              {...invalid('link', linkFields, 'recipients')}
            />
            <FieldError id="link-recipients-error" message={linkFields.recipients} />
          </label>
        )}
        <label class="field">
          {t('shareExpiresLabel')}
          <input
            type="date"
            value={linkExpires}
            onInput={(e) => setLinkExpires((e.currentTarget as HTMLInputElement).value)}
            {...invalid('link', linkFields, 'expires')}
          />
          <FieldError id="link-expires-error" message={linkFields.expires} />
        </label>
        {options.password && (
          <label class="field">
            {t('sharePasswordLabel')}
            <input
              type="password"
              autoComplete="new-password"
              value={password}
              onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
              {...invalid('link', linkFields, 'password')}
            />
            <FieldError id="link-password-error" message={linkFields.password} />
          </label>
        )}
        <button type="submit" class="button primary" disabled={busy || unsure !== undefined}>
          {t('shareCreateLink')}
        </button>
        {linkProblem && <p class="row-error">{linkProblem}</p>}
        {madeLink && (
          <div class="made-link">
            <p>{madeLink.note}</p>
            <input type="text" readOnly value={madeLink.url} aria-label={t('shareTheLink')} />
          </div>
        )}
      </form>

      <form class="share-section" aria-labelledby="invite-heading" onSubmit={invite} noValidate>
        <h3 id="invite-heading">{t('shareInviteHeading')}</h3>
        <label class="field">
          {t('shareRecipientsLabel')}
          <input
            type="text"
            autoComplete="email"
            value={inviteRecipients}
            onInput={(e) => setInviteRecipients((e.currentTarget as HTMLInputElement).value)}
            {...invalid('invite', inviteFields, 'recipients')}
          />
          <FieldError id="invite-recipients-error" message={inviteFields.recipients} />
        </label>
        <label class="field">
          {t('sharePermissionLabel')}
          <select
            value={role}
            onChange={(e) => setRole((e.currentTarget as HTMLSelectElement).value as 'read' | 'write')}
          >
            <option value="read">{t('shareCanView')}</option>
            <option value="write">{t('shareCanEdit')}</option>
          </select>
        </label>
        <label class="field">
          {t('shareMessageLabel')}
          <textarea
            rows={2}
            value={message}
            maxLength={MAX_MESSAGE_LENGTH + 1}
            onInput={(e) => setMessage((e.currentTarget as HTMLTextAreaElement).value)}
            {...invalid('invite', inviteFields, 'message')}
          />
          <span class="hint">
            {t('shareMessageCount', String(message.length), String(MAX_MESSAGE_LENGTH))}
          </span>
          <FieldError id="invite-message-error" message={inviteFields.message} />
        </label>
        <label class="choice">
          <input
            type="checkbox"
            checked={sendInvitation}
            onChange={(e) => setSendInvitation((e.currentTarget as HTMLInputElement).checked)}
          />
          {t('shareSendInvitation')}
        </label>
        <label class="choice">
          <input
            type="checkbox"
            checked={requireSignIn}
            onChange={(e) => setRequireSignIn((e.currentTarget as HTMLInputElement).checked)}
          />
          {t('shareRequireSignIn')}
        </label>
        {target.personal && (
          <label class="field">
            {t('shareExpiresLabel')}
            <input
              type="date"
              value={inviteExpires}
              onInput={(e) => setInviteExpires((e.currentTarget as HTMLInputElement).value)}
              {...invalid('invite', inviteFields, 'expires')}
            />
            <FieldError id="invite-expires-error" message={inviteFields.expires} />
          </label>
        )}
        <button type="submit" class="button primary" disabled={busy || unsure !== undefined}>
          {t('shareInvite')}
        </button>
        {inviteProblem && <p class="row-error">{inviteProblem}</p>}
        {invited && invited.length > 0 && (
          <ul class="access-list" aria-label={t('shareInvitedList')}>
            {invited.map((entry) => {
              const { who, what } = describe(entry);
              return (
                <li key={entry.id}>
                  <bdi>{who}</bdi> — {what}
                </li>
              );
            })}
          </ul>
        )}
      </form>

      <section class="share-section" aria-labelledby="access-heading">
        <h3 id="access-heading">{t('shareAccessHeading')}</h3>
        {accessError && <p class="row-error">{accessError}</p>}
        {!access && !accessError && <p class="row-facts">{t('loading')}</p>}
        {access && (
          <ul class="access-list" aria-label={t('shareAccessHeading')}>
            {access.map((entry) => {
              const { who, what } = describe(entry);
              // An existingAccess link grants nothing, and its permission id is the all-zero GUID (reference §2):
              // there is nothing to change or remove.
              const changeable =
                entry.kind !== 'owner' && !entry.inherited && entry.link?.scope !== 'existingAccess';
              return (
                <li key={entry.id} class="access-entry">
                  <span>
                    <bdi>{who}</bdi> — {what}
                    {entry.inherited && (
                      <span class="hint">
                        {' '}
                        {entry.inherited.from
                          ? t('shareInheritedFrom', entry.inherited.from)
                          : t('shareInherited')}
                      </span>
                    )}
                  </span>
                  {changeable && (
                    <span class="access-actions">
                      <select
                        aria-label={t('shareRoleOf', who)}
                        value={entry.role}
                        disabled={busy}
                        onChange={(e) =>
                          void change(entry, {
                            action: 'setRole',
                            target,
                            permissionId: entry.id,
                            role: (e.currentTarget as HTMLSelectElement).value as 'read' | 'write',
                          })
                        }
                      >
                        <option value="read">{t('shareCanView')}</option>
                        <option value="write">{t('shareCanEdit')}</option>
                      </select>
                      <button
                        type="button"
                        class="button small"
                        disabled={busy}
                        aria-label={t('shareRemoveOf', who)}
                        onClick={() =>
                          void change(entry, { action: 'remove', target, permissionId: entry.id })
                        }
                      >
                        {t('shareRemove')}
                      </button>
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
