/**
 * Sharing (reference §1.3, §1.4, §3.1; seed 003): create a share from an `App_ShareInfo` document (XML or its
 * JSON mirror), update it with `PUT ShareFolder/{id}`, remove it with `DELETE ShareFolder/{id}`, and open a
 * public share without a token.
 */
import type { ApiRequest, Reply } from '../../core/http';
import { decodeBase64 } from './auth';
import { genericError, genericOk } from './errors';
import { browse } from './files';
import type { ContentStore, CsItem, Recipient, Share, UserType } from './store';
import { type Answer, answer, type Element, parseBody } from './wire';

const SHARE_REQUEST = 'App_ShareInfo';
const SHARE_ANSWER = 'App_SharedFoldersResp';

/** A share answer's error: `App_SharedFoldersResp/resp @errorCode @errorMessage`, optionally with shareInfo. */
function shareError(req: ApiRequest, status: number, errorMessage: string, shareInfo?: Answer): Reply {
  return answer(req, status, {
    name: SHARE_ANSWER,
    children: [
      ...(shareInfo ? [shareInfo] : []),
      { name: 'resp', attrs: { errorCode: status, errorMessage } },
    ],
  });
}

type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * One `sharedTo` (reference §1.3): userType 1 `user@userName`, 2 `@email`, 3 `group@userGroupName`,
 * 4 `externalGroup@externalGroupName`. Users and groups must exist, a group's kind must match its userType
 * [heur]; `permission` is any integer, kept as given ([?] 1 view, 2 edit).
 */
function recipientOf(store: ContentStore, to: Element, index: number): Checked<Recipient> {
  const where = `sharedTo[${index}]`;
  const userType = Number(to.attr('userType'));
  if (![1, 2, 3, 4].includes(userType))
    return {
      ok: false,
      message: `${where}: userType must be 1 (user), 2 (e-mail), 3 (group) or 4 (external group).`,
    };
  const permissionText = to.attr('permission');
  const permission = Number(permissionText);
  if (permissionText === undefined || permissionText.trim() === '' || !Number.isInteger(permission))
    return { ok: false, message: `${where}: permission must be an integer.` };
  const type = userType as UserType;
  if (type === 1) {
    const name = to.child('user')?.attr('userName')?.trim();
    if (!name) return { ok: false, message: `${where}: user/@userName is required for userType 1.` };
    const user = store.users.find((candidate) => candidate.userName.toLowerCase() === name.toLowerCase());
    if (!user) return { ok: false, message: `${where}: no user named "${name}".` };
    return { ok: true, value: { userType: type, permission, name: user.userName } };
  }
  if (type === 2) {
    const email = to.attr('email')?.trim();
    if (!email || !EMAIL.test(email))
      return { ok: false, message: `${where}: a valid @email is required for userType 2.` };
    return { ok: true, value: { userType: type, permission, name: email } };
  }
  const [element, attribute] =
    type === 3 ? ['group', 'userGroupName'] : ['externalGroup', 'externalGroupName'];
  const name = to.child(element)?.attr(attribute)?.trim();
  if (!name)
    return { ok: false, message: `${where}: ${element}/@${attribute} is required for userType ${type}.` };
  const group = store.group(name);
  if (!group || (group.external === true) !== (type === 4))
    return { ok: false, message: `${where}: no ${type === 4 ? 'external' : 'user'} group named "${name}".` };
  return { ok: true, value: { userType: type, permission, name: group.name } };
}

/** `sharedTo` given as something else than elements (JSON `"sharedTo": "bob"`, `[5]`) is a bad sharedTo: 400. */
const MALFORMED_SHARED_TO = 'sharedTo must be an object or a list of objects, one per recipient.';

function recipientsOf(store: ContentStore, body: Element): Checked<Recipient[]> {
  if (body.malformed('sharedTo')) return { ok: false, message: MALFORMED_SHARED_TO };
  const recipients: Recipient[] = [];
  for (const [index, to] of body.children('sharedTo').entries()) {
    const recipient = recipientOf(store, to, index);
    if (!recipient.ok) return recipient;
    recipients.push(recipient.value);
  }
  return { ok: true, value: recipients };
}

/** `status`: 0 private, 1 public (seed 003); missing means private [heur]. */
function statusOf(body: Element): Checked<boolean | undefined> {
  const status = body.attr('status');
  if (status === undefined || status.trim() === '') return { ok: true, value: undefined };
  if (status !== '0' && status !== '1')
    return { ok: false, message: 'status must be 0 (private) or 1 (public).' };
  return { ok: true, value: status === '1' };
}

/**
 * `browseInfo/password @isSet @password` (base64, seed 003): a password when isSet is 1, `null` for isSet 0
 * (none), undefined when the element is absent.
 */
function passwordOf(body: Element): Checked<string | null | undefined> {
  const element = body.child('browseInfo')?.child('password');
  if (!element) return { ok: true, value: undefined };
  if (element.attr('isSet') !== '1') return { ok: true, value: null };
  const password = decodeBase64(element.attr('password') ?? '');
  if (password === undefined || password === '')
    return { ok: false, message: 'browseInfo/password/@password must be base64 when isSet is 1.' };
  return { ok: true, value: password };
}

function shareInfo(share: Share, item: CsItem | undefined, emailInfo?: Element): Answer {
  return {
    name: 'shareInfo',
    children: [
      {
        name: 'browseInfo',
        children: [
          ...(item
            ? [
                {
                  name: 'paths',
                  list: true,
                  attrs: { ...(item.folder ? { directory: 1 } : { file: 1 }), path: item.guid },
                },
              ]
            : []),
          {
            name: 'emailInfo',
            attrs: {
              dontSendEmail: Number(emailInfo?.attr('dontSendEmail') ?? 0) === 1 ? 1 : 0,
              emailMessage: emailInfo?.attr('emailMessage') ?? '',
            },
          },
        ],
      },
      { name: 'shareFolder', attrs: { syncWebFolderName: share.name, syncWebFolderId: share.id } },
    ],
  };
}

/**
 * `POST {store}/file/{guid}/action/share`, or `POST {store}/action/share` with the item in
 * `browseInfo/paths/@path` (a `\` path or a GUID; reference §1.3 [?]). Checks in this order [heur]: well-formed
 * body (400), the item (404), status, password and every sharedTo (400), a private share without recipients
 * (400), the item already shared (409 with its syncWebFolderId), the name taken by another of the user's
 * shares (409 without an id).
 */
export function createShare(store: ContentStore, req: ApiRequest, userName: string, guid?: string): Reply {
  const parsed = parseBody(req, SHARE_REQUEST);
  if (!parsed.ok) return shareError(req, 400, parsed.message);
  const body = parsed.body;
  let item: CsItem | undefined;
  if (guid !== undefined) item = store.item(guid);
  else {
    const path = body.child('browseInfo')?.child('paths')?.attr('path')?.trim();
    if (!path) return shareError(req, 400, 'browseInfo/paths/@path is required to share by path.');
    item = path.startsWith('\\') ? store.itemAt(path) : store.item(path);
  }
  if (!item || item === store.root)
    return shareError(req, 404, 'The specified file or folder does not exist.');

  const status = statusOf(body);
  if (!status.ok) return shareError(req, 400, status.message);
  const password = passwordOf(body);
  if (!password.ok) return shareError(req, 400, password.message);
  const recipients = recipientsOf(store, body);
  if (!recipients.ok) return shareError(req, 400, recipients.message);
  const isPublic = status.value === true;
  if (!isPublic && recipients.value.length === 0)
    return shareError(req, 400, 'A private share needs at least one sharedTo.');

  const existing = store.shareOf(item.guid);
  if (existing)
    return shareError(req, 409, '', {
      name: 'shareInfo',
      children: [
        { name: 'shareFolder', attrs: { syncWebFolderName: existing.name, syncWebFolderId: existing.id } },
      ],
    });
  const name = body.child('shareFolder')?.attr('syncWebFolderName')?.trim() || item.name;
  const sameName = store
    .shares()
    .find((share) => share.owner === userName && share.name.toLowerCase() === name.toLowerCase());
  if (sameName) return shareError(req, 409, `A share named "${name}" already exists.`);

  const share = store.addShare({
    guid: item.guid,
    name,
    owner: userName,
    public: isPublic,
    // Only a public link has a password (seed 003: "Applies only to public links").
    password: isPublic ? (password.value ?? undefined) : undefined,
    recipients: recipients.value,
  });
  return answer(req, 200, {
    name: SHARE_ANSWER,
    children: [
      shareInfo(share, item, body.child('browseInfo')?.child('emailInfo')),
      { name: 'resp', attrs: { errorCode: 0, errorMessage: '' } },
    ],
  });
}

function ownShare(
  store: ContentStore,
  req: ApiRequest,
  idText: string,
  userName: string,
): { share: Share } | { reply: Reply } {
  const share = /^\d+$/.test(idText) ? store.share(Number(idText)) : undefined;
  if (!share) return { reply: genericError(req, 404, `No share with id ${idText}.`) };
  if (share.owner.toLowerCase() !== userName.toLowerCase())
    return { reply: genericError(req, 403, 'Only the owner of a share can change it.') };
  return { share };
}

/**
 * `PUT ShareFolder/{id}` [?: the update template is not public]: an `App_ShareInfo`-like body (any root name).
 * Optional root `status` (0/1), `shareFolder@syncWebFolderName`, `browseInfo/password`; each `sharedTo` is
 * applied by its `sharedToOperationType`, else the root's: 1 overwrite (the recipients become those given; 1 on
 * the root with no `sharedTo` leaves none),
 * 2 add (or change the permission of one already there), 3 delete [heur: Commvault's usual operationType
 * values; the create template uses 2]. Owner only (403) [heur]. Answers `App_GenericResp errorCode="0"`.
 */
export function updateShare(store: ContentStore, req: ApiRequest, idText: string, userName: string): Reply {
  const found = ownShare(store, req, idText, userName);
  if ('reply' in found) return found.reply;
  const { share } = found;
  const parsed = parseBody(req);
  if (!parsed.ok) return genericError(req, 400, parsed.message);
  const body = parsed.body;
  const status = statusOf(body);
  if (!status.ok) return genericError(req, 400, status.message);
  const password = passwordOf(body);
  if (!password.ok) return genericError(req, 400, password.message);
  const rootOperation = body.attr('sharedToOperationType');
  if (rootOperation !== undefined && !['1', '2', '3'].includes(rootOperation))
    return genericError(req, 400, 'sharedToOperationType must be 1, 2 or 3.');
  if (body.malformed('sharedTo')) return genericError(req, 400, MALFORMED_SHARED_TO);
  const changes: { operation: string; recipient: Recipient }[] = [];
  for (const [index, to] of body.children('sharedTo').entries()) {
    const operation = to.attr('sharedToOperationType') ?? rootOperation ?? '2';
    if (!['1', '2', '3'].includes(operation))
      return genericError(req, 400, `sharedTo[${index}]: sharedToOperationType must be 1, 2 or 3.`);
    const recipient = recipientOf(store, to, index);
    if (!recipient.ok) return genericError(req, 400, recipient.message);
    changes.push({ operation, recipient: recipient.value });
  }
  const name = body.child('shareFolder')?.attr('syncWebFolderName')?.trim();
  if (
    name &&
    store
      .shares()
      .some(
        (other) =>
          other !== share && other.owner === share.owner && other.name.toLowerCase() === name.toLowerCase(),
      )
  )
    return genericError(req, 409, `A share named "${name}" already exists.`);

  // Everything is valid: apply.
  const same = (a: Recipient, b: Recipient) =>
    a.userType === b.userType && a.name.toLowerCase() === b.name.toLowerCase();
  // Overwrite: the recipients become those given with 1; on the root it means so even when none is given (a
  // share made public by a client that sends its whole form, recipients and all, with 1).
  if (rootOperation === '1' || changes.some((change) => change.operation === '1')) share.recipients = [];
  for (const { operation, recipient } of changes) {
    const others = share.recipients.filter((existing) => !same(existing, recipient));
    share.recipients = operation === '3' ? others : [...others, recipient];
  }
  if (name) share.name = name;
  if (status.value !== undefined) share.public = status.value;
  if (password.value !== undefined) share.password = password.value ?? undefined;
  if (!share.public) share.password = undefined;
  return genericOk(req);
}

/** `DELETE ShareFolder/{id}` → `App_GenericResp errorCode="0"` (reference §1.4); 404 unknown, 403 not the owner. */
export function deleteShare(store: ContentStore, req: ApiRequest, idText: string, userName: string): Reply {
  const found = ownShare(store, req, idText, userName);
  if ('reply' in found) return found.reply;
  store.removeShare(found.share.id);
  return genericOk(req);
}

/**
 * The password a public-share request carries [heur: Commvault's way is not documented]: the `Password`
 * header or the `password` query parameter, base64-encoded like the password the share was made with.
 */
function passwordGiven(req: ApiRequest): string | undefined {
  // A `+` of base64 left unescaped in the query reads as a space there; base64 has no spaces, so it is put back.
  const given = req.headers.password ?? req.query.get('password')?.replaceAll(' ', '+') ?? undefined;
  return given === undefined ? undefined : (decodeBase64(given) ?? '');
}

/**
 * `{store}/publicshare/{shareId}/…` without a token (reference §1.4, §3.1): only public shares (others are 404
 * [heur]); a password-protected one needs the password (403 otherwise [heur]); then the browse routes inside
 * the shared item, and the empty path for its properties.
 */
export function publicShare(
  store: ContentStore,
  req: ApiRequest,
  idText: string,
  sub: readonly string[],
): Reply {
  const share = /^\d+$/.test(idText) ? store.share(Number(idText)) : undefined;
  const item = share && store.item(share.guid);
  if (!share?.public || !item) return genericError(req, 404, `No public share with id ${idText}.`);
  if (share.password !== undefined) {
    const given = passwordGiven(req);
    if (given === undefined) return genericError(req, 403, 'This share is protected by a password.');
    if (given !== share.password) return genericError(req, 403, 'The password is incorrect.');
  }
  return browse(store, req, sub, item) ?? genericError(req, 404, `Nothing is served at ${req.pathname}.`);
}

/** `{store}/share/{shareId}/…` with a token: the same browse routes, for the owner and the recipients. */
export function sharedWithMe(
  store: ContentStore,
  req: ApiRequest,
  idText: string,
  sub: readonly string[],
  userName: string,
): Reply {
  const share = /^\d+$/.test(idText) ? store.share(Number(idText)) : undefined;
  const item = share && store.item(share.guid);
  if (!share || !item || !store.canOpen(share, userName))
    return genericError(req, 404, `No share with id ${idText}.`);
  return browse(store, req, sub, item) ?? genericError(req, 404, `Nothing is served at ${req.pathname}.`);
}

/** A recipient as `sharedTo`, the way a create request names it (reference §1.3). */
function sharedTo(recipient: Recipient): Answer {
  const { userType, permission, name } = recipient;
  const attrs = { permission, userType, ...(userType === 2 ? { email: name } : {}) };
  const child: Answer | undefined =
    userType === 1
      ? { name: 'user', attrs: { userName: name } }
      : userType === 3
        ? { name: 'group', attrs: { userGroupName: name } }
        : userType === 4
          ? { name: 'externalGroup', attrs: { externalGroupName: name } }
          : undefined;
  return { name: 'sharedTo', list: true, attrs, children: child ? [child] : [] };
}

/**
 * `GET {store}/share[?shareId=]`: the caller's own shares (reference §1.4 names `App_GetSharedFoldersResp` with
 * `rootGUID` and `dirDelim`; the rest is [heur]): one `shareInfo` per share, shaped like the create answer's,
 * with `status`, `owner`, `passwordProtected` on it and its recipients as `sharedTo` in the request's form.
 * An unknown `shareId`, or one of somebody else's, is 404.
 */
export function listShares(store: ContentStore, req: ApiRequest, userName: string): Reply {
  const wanted = req.query.get('shareId');
  const own = store.shares().filter((share) => share.owner.toLowerCase() === userName.toLowerCase());
  const shares = wanted === null ? own : own.filter((share) => String(share.id) === wanted.trim());
  if (wanted !== null && shares.length === 0) return genericError(req, 404, `No share with id ${wanted}.`);
  return answer(req, 200, {
    name: 'App_GetSharedFoldersResp',
    attrs: { rootGUID: store.root.guid, dirDelim: '\\' },
    children: shares.map((share) => {
      const info = shareInfo(share, store.item(share.guid));
      return {
        ...info,
        list: true,
        attrs: {
          status: share.public ? 1 : 0,
          owner: share.owner,
          passwordProtected: share.password ? 1 : 0,
        },
        children: [
          // No e-mail details are kept: only the item and the share's name and id.
          ...(info.children ?? []).map((child) =>
            child.name === 'browseInfo'
              ? { ...child, children: child.children?.filter((c) => c.name === 'paths') }
              : child,
          ),
          ...share.recipients.map(sharedTo),
        ],
      };
    }),
  });
}
