/**
 * Sharing onward with ContentStore (reference §1.3, §1.4; seed 003): `POST {store}/file/{guid}/action/share`
 * with an `App_ShareInfo` document, `PUT ShareFolder/{id}` to update, `DELETE ShareFolder/{id}` to stop, and the
 * person's shares (`GET {store}/share`) to find an item's share. The body is XML built with `@xmldom/xmldom`;
 * answers are read as XML or JSON.
 *
 * Writes are never sent twice by themselves: one that got no answer is looked up among the shares.
 */
import { type CredentialSource, operationAuthorizer } from '../../http/authorizer';
import { DEFAULT_RETRY_RUNTIME, type RetryRuntime, sendWithRetry } from '../../http/retry';
import { type Transport, TransportError } from '../../http/transport';
import { t } from '../../i18n';
import { CONTENTSTORE_CODES } from './codes';
import { ERROR_CODES, errorCodeOf } from './errors';
import { apiBase, type ContentStoreServer, type ContentStoreSettings } from './settings';
import {
  type ContentStoreShareForm,
  type ContentStoreShareOutcome,
  type ContentStoreShareRequest,
  parseRef,
  type RecipientKind,
  type ShareSummary,
} from './sharing-forms';
import { base64Utf8, parseAnswer, toXml, type WireNode, type XmlElement } from './wire';

/** The codes a share request sends (the one table, with what is confirmed: `codes.ts`). */
export const SHARE_CODES = {
  userType: CONTENTSTORE_CODES.userType satisfies Record<RecipientKind, number>,
  permission: CONTENTSTORE_CODES.permission,
  overwrite: CONTENTSTORE_CODES.sharedToOperationType.overwrite,
  status: CONTENTSTORE_CODES.status,
} as const;

const KIND_OF_TYPE: Record<string, RecipientKind> = { 1: 'user', 2: 'email', 3: 'group', 4: 'externalGroup' };

/** The `App_ShareInfo` document for a form: names are fixed here, every value escaped by the XML library. */
export function shareInfoXml(form: ContentStoreShareForm, options: { update?: boolean } = {}): string {
  const isPublic = form.mode === 'public';
  const browseInfo: XmlElement[] = [
    {
      name: 'emailInfo',
      attrs: {
        dontSendEmail: !isPublic && form.sendEmail ? 0 : 1,
        emailMessage: !isPublic && form.sendEmail ? form.message : '',
      },
    },
  ];
  if (isPublic && form.password)
    browseInfo.push({ name: 'password', attrs: { isSet: 1, password: base64Utf8(form.password) } });
  const children: XmlElement[] = [{ name: 'browseInfo', children: browseInfo }];
  if (form.name) children.push({ name: 'shareFolder', attrs: { syncWebFolderName: form.name } });
  if (!isPublic) {
    for (const each of form.recipients) {
      const userType = SHARE_CODES.userType[each.kind];
      const permission = SHARE_CODES.permission[each.permission];
      const to: XmlElement =
        each.kind === 'user'
          ? {
              name: 'sharedTo',
              attrs: { permission, userType },
              children: [{ name: 'user', attrs: { userName: each.name } }],
            }
          : each.kind === 'email'
            ? { name: 'sharedTo', attrs: { email: each.name, permission, userType } }
            : each.kind === 'group'
              ? {
                  name: 'sharedTo',
                  attrs: { permission, userType },
                  children: [{ name: 'group', attrs: { userGroupName: each.name } }],
                }
              : {
                  name: 'sharedTo',
                  attrs: { permission, userType },
                  children: [{ name: 'externalGroup', attrs: { externalGroupName: each.name } }],
                };
      children.push(to);
    }
  }
  return toXml({
    name: 'App_ShareInfo',
    attrs: {
      status: isPublic ? SHARE_CODES.status.public : SHARE_CODES.status.private,
      ...(options.update ? { sharedToOperationType: SHARE_CODES.overwrite } : {}),
    },
    children,
  });
}

/** The public link a console hands out (reference §1.5: its form is not documented; this is the likely one). */
export function publicShareUrl(server: Pick<ContentStoreServer, 'webAddress' | 'apiPath'>, id: string) {
  const console = server.apiPath.toLowerCase().startsWith('commandcenter') ? 'commandcenter' : 'webconsole';
  return `${server.webAddress}/${console}/publicshare/${id}`;
}

/** One `shareInfo` of the person's shares as the panel's summary. */
function summaryOf(info: WireNode, server: ContentStoreServer): ShareSummary | undefined {
  const shareId = info.child('shareFolder')?.attr('syncWebFolderId');
  if (!shareId || !/^\d+$/.test(shareId)) return undefined;
  const isPublic = info.attr('status') === String(SHARE_CODES.status.public);
  const summary: ShareSummary = {
    shareId,
    public: isPublic,
    recipients: info.children('sharedTo').flatMap((to) => {
      const kind = KIND_OF_TYPE[to.attr('userType') ?? ''];
      const name =
        to.child('user')?.attr('userName') ??
        to.attr('email') ??
        to.child('group')?.attr('userGroupName') ??
        to.child('externalGroup')?.attr('externalGroupName');
      return kind && name ? [{ kind, name, permission: Number(to.attr('permission')) }] : [];
    }),
  };
  const name = info.child('shareFolder')?.attr('syncWebFolderName');
  if (name) summary.name = name;
  if (isPublic) {
    summary.url = publicShareUrl(server, shareId);
    summary.passwordProtected = info.attr('passwordProtected') === '1';
  }
  return summary;
}

export interface ContentStoreSharingOptions extends Partial<RetryRuntime> {
  settings: ContentStoreSettings;
  transport: Transport;
  credential(serverId: string, options: { forceRefresh: boolean }): ReturnType<CredentialSource>;
}

type Answer = { status: number; body: WireNode | undefined } | { noAnswer: 'timeout' | 'network' };

export function createContentStoreSharing(options: ContentStoreSharingOptions) {
  const now = options.now ?? DEFAULT_RETRY_RUNTIME.now;
  const runtime = { now, sleep: options.sleep ?? DEFAULT_RETRY_RUNTIME.sleep, random: options.random };

  async function call(
    server: ContentStoreServer,
    path: string,
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    xml?: string,
  ): Promise<Answer | 'noCredential'> {
    const base = apiBase(server);
    const authorizer = operationAuthorizer(base, (each) => options.credential(server.id, each));
    if (!(await authorizer.credential())) return 'noCredential';
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (xml !== undefined) headers['Content-Type'] = 'application/xml; charset=utf-8';
    const outcome = await sendWithRetry(
      () =>
        options.transport.request(`${base}/${path}`, {
          method,
          headers,
          ...(xml !== undefined ? { body: xml } : {}),
          authorizer,
        }),
      // Writes are not blindly retried (only a 429, refused before anything happened).
      { ...runtime, idempotent: method === 'GET' },
    );
    if (outcome.type === 'networkError') {
      const timedOut = outcome.error instanceof TransportError && outcome.error.kind === 'timeout';
      return { noAnswer: timedOut ? 'timeout' : 'network' };
    }
    const text = await outcome.response.text();
    return {
      status: outcome.response.status,
      body: parseAnswer(text, outcome.response.headers.get('content-type')),
    };
  }

  const signedOut = (): ContentStoreShareOutcome => ({ ok: false, signedOut: true, message: t('csSignIn') });

  /** A plain sentence for a refusal. 409 is handled by the caller (it offers an update). */
  function refusal(status: number): ContentStoreShareOutcome {
    if (status === 401) return signedOut();
    if (status === 400) return { ok: false, message: t('csShareRefused') };
    if (status === 403) return { ok: false, message: t('csShareNotAllowed') };
    if (status === 404) return { ok: false, message: t('csShareGone') };
    return { ok: false, message: t('csServerError', status) };
  }

  /** The item's share among the person's shares; null when it has none, undefined when they could not be read. */
  async function findShare(
    server: ContentStoreServer,
    store: string,
    guid: string,
  ): Promise<ShareSummary | null | undefined | 'noCredential'> {
    const answer = await call(server, `${store}/share`, 'GET');
    if (answer === 'noCredential') return answer;
    if ('noAnswer' in answer || answer.status !== 200 || !answer.body) return undefined;
    for (const info of answer.body.children('shareInfo')) {
      const paths = info.child('browseInfo')?.children('paths') ?? [];
      if (paths.some((each) => each.attr('path')?.toLowerCase() === guid))
        return summaryOf(info, server) ?? null;
    }
    return null;
  }

  async function run(request: ContentStoreShareRequest): Promise<ContentStoreShareOutcome> {
    const { serverId, store, guid } = parseRef(request.target.ref);
    const server = options.settings.servers.find((each) => each.id === serverId);
    if (!server) return { ok: false, message: t('csNoServer') };

    const lookUp = async (
      onFound: (share: ShareSummary | null) => ContentStoreShareOutcome,
    ): Promise<ContentStoreShareOutcome> => {
      const share = await findShare(server, store, guid);
      if (share === 'noCredential') return signedOut();
      if (share === undefined) return { ok: false, uncertain: true, message: t('csShareUncertain') };
      return onFound(share);
    };

    switch (request.action) {
      case 'status':
        return lookUp((share) =>
          share ? { ok: true, done: 'status', share } : { ok: true, done: 'status' },
        );
      case 'share': {
        const answer = await call(
          server,
          `${store}/file/${guid}/action/share`,
          'POST',
          shareInfoXml(request.form),
        );
        if (answer === 'noCredential') return signedOut();
        if ('noAnswer' in answer)
          return lookUp((share) =>
            share
              ? { ok: true, done: 'shared', share, reconciled: true }
              : { ok: false, message: t('csShareNotMade') },
          );
        const code = errorCodeOf(answer.body);
        if (answer.status === 409 || code === ERROR_CODES.alreadyShared) {
          const existing = answer.body?.child('shareInfo')?.child('shareFolder')?.attr('syncWebFolderId');
          return existing && /^\d+$/.test(existing)
            ? { ok: false, message: t('csAlreadyShared', existing), alreadyShared: { shareId: existing } }
            : { ok: false, message: t('csShareNameTaken'), alreadyShared: {} };
        }
        if (answer.status !== 200 || (code !== undefined && code !== ERROR_CODES.ok))
          return refusal(answer.status);
        const made = answer.body?.child('shareInfo');
        const summary = made && summaryOf(made, server);
        // The answer does not say public or not, nor the recipients: the person's shares do.
        const listed = await findShare(server, store, guid);
        const share =
          listed && listed !== 'noCredential'
            ? listed
            : summary && { ...summary, public: request.form.mode === 'public' };
        if (share?.public && !share.url) share.url = publicShareUrl(server, share.shareId);
        return share ? { ok: true, done: 'shared', share } : { ok: true, done: 'shared' };
      }
      case 'update': {
        const answer = await call(
          server,
          `ShareFolder/${request.shareId}`,
          'PUT',
          shareInfoXml(request.form, { update: true }),
        );
        if (answer === 'noCredential') return signedOut();
        if ('noAnswer' in answer) return { ok: false, uncertain: true, message: t('csShareUncertain') };
        if (answer.status === 409) return { ok: false, message: t('csShareNameTaken') };
        if (answer.status !== 200) return refusal(answer.status);
        return lookUp((share) =>
          share ? { ok: true, done: 'updated', share } : { ok: true, done: 'updated' },
        );
      }
      case 'stop': {
        const answer = await call(server, `ShareFolder/${request.shareId}`, 'DELETE');
        if (answer === 'noCredential') return signedOut();
        if ('noAnswer' in answer)
          return lookUp((share) =>
            share?.shareId === request.shareId
              ? { ok: false, message: t('csShareStillThere') }
              : { ok: true, done: 'stopped', reconciled: true },
          );
        if (answer.status !== 200) return refusal(answer.status);
        return { ok: true, done: 'stopped' };
      }
    }
  }

  return { run };
}
