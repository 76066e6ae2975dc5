/**
 * Every numeric code ShareLens sends to or reads from ContentStore, in one table, each with what the reference
 * (shared/reference/contentstore-ews.md) says of it. Codes it marks unconfirmed **[?]** only ever decide which
 * sentence is shown or what the share panel offers; change them here if a real server disagrees.
 */
export const CONTENTSTORE_CODES = {
  /** `sharedTo@userType`: confirmed (§1.3 and seed 003: 1 user, 2 e-mail, 3 user group, 4 external AD group). */
  userType: { user: 1, email: 2, group: 3, externalGroup: 4 },
  /**
   * `sharedTo@permission` **[?]** (§1.3): the docs only say "view or edit"; templates use 1 for users and e-mails
   * and 2 for groups. Read here as 1 view, 2 edit.
   */
  permission: { view: 1, edit: 2 },
  /**
   * `sharedToOperationType` on `PUT ShareFolder/{id}` **[?]** (§1.3: "added, removed or modified", mapping cut
   * off; the create template uses 2). Sent as 1, overwrite: the recipients become those of the form (the
   * emulator's reading: 1 overwrite, 2 add, 3 delete).
   */
  sharedToOperationType: { overwrite: 1 },
  /** `App_ShareInfo@status`: confirmed (seed 003: 0 private, 1 public). */
  status: { private: 0, public: 1 },
  /** `resp@errorCode` / `App_GenericResp@errorCode`. */
  error: {
    /** Done (confirmed: §1.4, the seed's sample response). */
    ok: 0,
    /** The item is already shared; the answer names the existing share (confirmed: §3.1, seed 003). */
    alreadyShared: 409,
    /** `errList[].errorCode` on a refused Login (wrong user name or password) **[?]** (§1.2 names no code). */
    badCredentials: 5,
    /** `error.errorCode` in a 200 answer to RenewLoginToken that could not renew **[?]** (cvpysdk's reading). */
    renewRefused: 401,
  },
} as const;
