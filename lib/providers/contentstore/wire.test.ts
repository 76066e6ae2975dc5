import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorCodeOf } from './errors';
import { SHARE_CODES, shareInfoXml } from './sharing';
import { ContentStoreShareFormSchema } from './sharing-forms';
import { parseAnswer, parseJson, parseXml } from './wire';

const form = (extra: Record<string, unknown>) =>
  ContentStoreShareFormSchema.parse({ mode: 'private', recipients: [], ...extra });

describe('App_ShareInfo', () => {
  it('escapes hostile values through the XML library, and reads back the same values', () => {
    const hostile = `"/><sharedTo userType="1"><user userName="admin"/></sharedTo><x a='&amp;`;
    const xml = shareInfoXml(
      form({
        name: hostile,
        sendEmail: true,
        message: 'Hi <b>&</b> "you"\n]]>',
        recipients: [
          { kind: 'user', name: hostile, permission: 'view' },
          { kind: 'email', name: 'a@b.example', permission: 'edit' },
          { kind: 'group', name: 'R&D <core>', permission: 'view' },
          { kind: 'externalGroup', name: 'CONTOSO\\Sales', permission: 'edit' },
        ],
      }),
    );
    expect(xml).not.toContain('<user userName="admin"/>');
    const root = parseXml(xml);
    expect(root?.name).toBe('App_ShareInfo');
    expect(root?.attr('status')).toBe('0');
    expect(root?.child('shareFolder')?.attr('syncWebFolderName')).toBe(hostile);
    expect(root?.child('browseInfo')?.child('emailInfo')?.attr('emailMessage')).toBe(
      'Hi <b>&</b> "you"\n]]>',
    );
    expect(root?.child('browseInfo')?.child('emailInfo')?.attr('dontSendEmail')).toBe('0');
    const to = root?.children('sharedTo') ?? [];
    expect(to).toHaveLength(4);
    expect(to[0]?.child('user')?.attr('userName')).toBe(hostile);
    expect(to.map((each) => each.attr('userType'))).toEqual(['1', '2', '3', '4']);
    expect(to.map((each) => each.attr('permission'))).toEqual(['1', '2', '1', '2']);
    expect(to[1]?.attr('email')).toBe('a@b.example');
    expect(to[2]?.child('group')?.attr('userGroupName')).toBe('R&D <core>');
    expect(to[3]?.child('externalGroup')?.attr('externalGroupName')).toBe('CONTOSO\\Sales');
  });

  it('makes a public link with a base64 password and no recipients, and no e-mail', () => {
    const root = parseXml(shareInfoXml(form({ mode: 'public', password: 'pässwörd', sendEmail: true })));
    expect(root?.attr('status')).toBe('1');
    const password = root?.child('browseInfo')?.child('password');
    expect(password?.attr('isSet')).toBe('1');
    expect(
      new TextDecoder().decode(
        Uint8Array.from(atob(password?.attr('password') ?? ''), (c) => c.charCodeAt(0)),
      ),
    ).toBe('pässwörd');
    expect(root?.children('sharedTo')).toHaveLength(0);
    expect(root?.child('browseInfo')?.child('emailInfo')?.attr('dontSendEmail')).toBe('1');
  });

  it('overwrites recipients on update, and keeps the codes in one table', () => {
    expect(
      parseXml(shareInfoXml(form({ mode: 'public' }), { update: true }))?.attr('sharedToOperationType'),
    ).toBe(String(SHARE_CODES.overwrite));
    expect(SHARE_CODES.userType).toEqual({ user: 1, email: 2, group: 3, externalGroup: 4 });
  });

  it('drops characters XML cannot carry rather than sending broken XML', () => {
    const xml = shareInfoXml(
      form({ name: 'a\u0000b\u0007c', recipients: [{ kind: 'user', name: 'u', permission: 'view' }] }),
    );
    expect(parseXml(xml)?.child('shareFolder')?.attr('syncWebFolderName')).toBe('abc');
  });

  it('refuses a private share without recipients and a bad e-mail, per field', () => {
    const none = ContentStoreShareFormSchema.safeParse({ mode: 'private', recipients: [] });
    expect(none.error?.issues[0]?.path).toEqual(['recipients']);
    const bad = ContentStoreShareFormSchema.safeParse({
      mode: 'private',
      recipients: [{ kind: 'email', name: 'not-an-address', permission: 'view' }],
    });
    expect(bad.error?.issues[0]?.path).toEqual(['recipients', 0, 'name']);
  });
});

describe('reading answers', () => {
  const xml409 =
    '<?xml version="1.0"?><App_SharedFoldersResp><shareInfo><shareFolder syncWebFolderName="Finance share" syncWebFolderId="10"/></shareInfo><resp errorCode="409" errorMessage=""/></App_SharedFoldersResp>';
  const json409 = JSON.stringify({
    shareInfo: { shareFolder: { syncWebFolderName: 'Finance share', syncWebFolderId: 10 } },
    resp: { errorCode: 409, errorMessage: '' },
  });

  it('reads XML and JSON alike, by local name', () => {
    for (const [text, type] of [
      [xml409, 'application/xml'],
      [json409, 'application/json; charset=utf-8'],
      [
        xml409
          .replace(/<(\/?)(\w+)/g, '<$1cv:$2')
          .replace('<cv:App_SharedFoldersResp', '<cv:App_SharedFoldersResp xmlns:cv="urn:x"'),
        'text/xml',
      ],
    ] as const) {
      const answer = parseAnswer(text, type);
      expect(answer?.child('shareInfo')?.child('shareFolder')?.attr('syncWebFolderId'), text).toBe('10');
      expect(errorCodeOf(answer)).toBe(ERROR_CODES.alreadyShared);
    }
  });

  it('reads a wrapped JSON root, lists as arrays, and refuses what is neither', () => {
    expect(parseJson('{"App_X":{"a":1}}', 'App_X')?.attr('a')).toBe('1');
    expect(parseAnswer('{"items":[{"n":"a"},{"n":"b"}]}', null)?.children('items')).toHaveLength(2);
    expect(parseAnswer('<<<not what the API sends', 'application/xml')).toBeUndefined();
    expect(parseAnswer('User logged out', 'text/plain')).toBeUndefined();
    expect(parseAnswer('[1,2]', 'application/json')).toBeUndefined();
  });

  it('reads error codes of generic answers', () => {
    expect(
      errorCodeOf(parseAnswer('<App_GenericResp errorCode="0" errorString=""/>', 'application/xml')),
    ).toBe(0);
    expect(errorCodeOf(parseAnswer('{"error":{"errorCode":401}}', 'application/json'))).toBe(401);
    expect(errorCodeOf(parseAnswer('{}', 'application/json'))).toBeUndefined();
  });
});
