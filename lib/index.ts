export { decodeSharingToken, encodeSharingUrl, SharingTokenError } from './sharing-token';
