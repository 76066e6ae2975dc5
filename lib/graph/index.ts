export {
  createGraphClient,
  driveItemPath,
  type GetSharedItemOptions,
  type GetSharedItemsOptions,
  type GraphClient,
  type GraphClientOptions,
  isGraphUrl,
  MAX_BATCH_SIZE,
  PREFER_REDEEM,
  type RedeemMode,
} from './client';
export { CHILDREN_IN_PREVIEW, toSharedItem } from './drive-item';
export {
  badResponseError,
  graphErrorCodes,
  type HeadersLike,
  headerValue,
  type MapGraphErrorContext,
  mapGraphError,
  networkError,
  REFUSED_MESSAGE,
  SIGN_IN_MESSAGE,
  unauthenticatedError,
} from './errors';
export {
  type BatchResponse,
  batchResponseSchema,
  type DriveItem,
  type DriveItemChild,
  driveItemSchema,
  graphErrorNodeSchema,
  SHARING_SCOPES,
} from './schemas';
