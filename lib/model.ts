/**
 * Provider-neutral model: what every surface (card, popup, notifications) renders.
 * Provider clients turn their API's answers into these shapes; UIs never see raw API JSON.
 */

import type { RetryWait } from './http/retry';
import type { LinkKind } from './providers/info';

/** The kind of a recognised link (`onedrive`, `sharepoint`, …), as the providers in the registry name them. */
export type Provider = LinkKind;

/** A recognised share link: which kind of link it is and its canonical URL. */
export interface ShareLink {
  provider: Provider;
  url: string;
}

export interface Person {
  displayName: string;
  email?: string;
}

export type ItemKind = 'file' | 'folder' | 'notebook';

export interface ChildSummary {
  name: string;
  kind: ItemKind;
  size?: number;
}

/** What a share link points at. Every string here came from the provider: render it as text only. */
export interface SharedItem {
  provider: Provider;
  /** Canonical share URL this item was resolved from. */
  url: string;
  id: string;
  driveId?: string;
  name: string;
  kind: ItemKind;
  mimeType?: string;
  size?: number;
  owner?: Person;
  modifiedBy?: Person;
  /** ISO 8601. */
  modified?: string;
  created?: string;
  /**
   * Where the item lives, from the link it was reached through: the tenant's host (`contoso.sharepoint.com`),
   * or `OneDrive` for a personal OneDrive. Shown beside the item, so a look-alike tenant
   * (`contoso-finance.sharepoint.com`) does not pass for the one the person knows.
   */
  source?: string;
  /**
   * Where the item opens in the browser; the provider keeps it only when https on its own hosts and, for
   * SharePoint, on the link's tenant.
   */
  webUrl?: string;
  childCount?: number;
  /** The first few children of a folder, as the provider ordered them. */
  children?: ChildSummary[];
  /** Raw thumbnail URL from the provider (background turns it into `thumbnailDataUrl`). */
  thumbnailUrl?: string;
  /** `data:image/…` URL the background fetched, safe for any extension page to render. */
  thumbnailDataUrl?: string;
  scope?: 'anonymous' | 'organization' | 'users' | 'existingAccess';
  /**
   * How the link itself shares the item, when the provider says (Graph: the link's permission, §1.2): who it
   * works for (`anonymous`, `organization`, `users`, `existingAccess`), what it allows (`view`, `edit`, …), an
   * expiry (ISO 8601) and whether it asks for a password.
   */
  linkAccess?: { scope?: string; type: string; expires?: string; hasPassword?: boolean };
  /**
   * How the provider's sharing actions address the item (opaque to everything but that provider), and whether
   * it lives in a personal account, whose sharing options differ. Absent where the item cannot be shared onward.
   */
  shareTarget?: { ref: string; personal: boolean; folder?: boolean };
}

/** Why a link could not be resolved, independent of the provider's wording. */
export type ShareErrorKind =
  /** No token, or the provider refused it (after one refresh). The user has to sign in. */
  | 'unauthenticated'
  /**
   * Graph answers 403 accessDenied for missing, revoked and unauthorised links alike
   * (reference/graph-shares.md §1.6), so this covers "no access" and "no longer exists".
   */
  | 'accessDenied'
  /** 404/410: the provider said plainly that the item is gone. */
  | 'notFound'
  /** 400 invalidRequest: the provider could not read the link ("Invalid shares key."). */
  | 'invalidLink'
  /** 429/503/504 and the retry budget ran out. */
  | 'throttled'
  /** fetch failed: offline, DNS, connection refused, CORS. */
  | 'network'
  /** The answer did not have the shape the API documents. */
  | 'badResponse'
  /** Any other status. */
  | 'server';

export interface ShareError {
  kind: ShareErrorKind;
  /** A sentence a person can act on. */
  message: string;
  status?: number;
  /** Provider error code, innermost known first (e.g. "accessDenied"). */
  code?: string;
  /** When throttled: epoch ms after which a retry is allowed. */
  retryAt?: number;
}

export type Result<T, E = ShareError> = { ok: true; value: T } | { ok: false; error: E };

/** What the card and the popup show for one link. */
export type PreviewState =
  | { status: 'loading' }
  /** Waiting for Retry-After before the next attempt. */
  | ({ status: 'throttled' } & RetryWait)
  | { status: 'ready'; item: SharedItem }
  /**
   * Nobody is signed in to the provider (its id, e.g. `graph`) that serves this link. `setupNeeded`: nobody
   * can yet, the provider is not connected (Microsoft: no Client ID), and the setup page says what to do.
   */
  | { status: 'signedOut'; provider: string; setupNeeded?: boolean }
  /** `provider` (its id) when one answered: the card's Sign in after a refusal signs in to that one. */
  | { status: 'failed'; error: ShareError; provider?: string };
