/**
 * EWS's codes in plain words: the five InvalidRecipientResponseCodeType values (why one recipient got no
 * token) and the operation errors and faults a sharing request can meet (reference §2.2, §2.4). Never EWS's own
 * MessageText: it is English, technical, and not always there.
 */
import { type MessageKey, t } from '../../i18n';
import type { EwsError } from './soap';

const RECIPIENT_REASONS: Record<string, MessageKey> = {
  OtherError: 'ewsRecipientOtherError',
  RecipientOrganizationNotFederated: 'ewsRecipientNotFederated',
  CannotObtainTokenFromSTS: 'ewsRecipientNoToken',
  SystemPolicyBlocksSharingWithThisRecipient: 'ewsRecipientBlocked',
  RecipientOrganizationFederatedWithUnknownTokenIssuer: 'ewsRecipientUnknownIssuer',
};

/** Why a recipient got no sharing token, in plain words. */
export function recipientReason(code: string): string {
  const key = RECIPIENT_REASONS[code];
  return key ? t(key) : t('ewsRecipientUnknownCode', code);
}

const ERRORS: Record<string, MessageKey> = {
  ErrorInvalidSmtpAddress: 'ewsErrorInvalidSmtpAddress',
  ErrorFolderNotFound: 'ewsErrorFolderNotFound',
  ErrorInvalidFolderTypeForOperation: 'ewsErrorInvalidFolderType',
  ErrorInvalidIdMalformed: 'ewsErrorIdMalformed',
  ErrorAccessDenied: 'ewsErrorAccessDenied',
  ErrorNonExistentMailbox: 'ewsErrorNoMailbox',
  ErrorInvalidServerVersion: 'ewsErrorServerVersion',
  ErrorServerBusy: 'ewsErrorServerBusy',
  ErrorInternalServerError: 'ewsErrorInternal',
  ErrorInvalidRequest: 'ewsErrorInvalidRequest',
  ErrorNotAllowedExternalSharingByPolicy: 'ewsErrorSharingPolicy',
};

/** An operation error or a SOAP fault as one sentence a person can act on. */
export function ewsErrorSentence(error: EwsError): string {
  if (error.code === 'ErrorSchemaValidation') {
    return error.kind === 'fault' && error.line !== undefined && error.position !== undefined
      ? t('ewsErrorSchemaAt', error.line, error.position)
      : t('ewsErrorSchema');
  }
  const key = ERRORS[error.code];
  return key ? t(key) : t('ewsErrorOther', error.code);
}
