/**
 * The identity platform's part of the dataset file: `users` (accounts with passwords), `signedIn`, and the
 * optional `apps` (app registrations). Without `apps` any client id is accepted, as before apps existed.
 */
import { z } from 'zod';
import type { DatasetSection } from '../../core/dataset';

export const Id = z.string().min(1, 'must be a non-empty string');

export const UserSchema = z.looseObject({
  id: Id,
  displayName: z.string().min(1),
  email: z.email({ error: 'must be an e-mail address' }),
  password: z.string(),
  kind: z.enum(['work', 'personal']),
});
export type User = z.infer<typeof UserSchema>;

/**
 * A redirect URI as an app registration takes it: https, or http on a loopback address only, and no fragment
 * (learn.microsoft.com/entra/identity-platform/reply-url, "Redirect URI restrictions").
 */
const RedirectUri = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}, 'must be an https URL, or http on localhost, 127.0.0.1 or [::1], without a fragment');

export const AppSchema = z.looseObject({
  /** the application (client) id */
  clientId: Id,
  name: z.string().min(1).optional(),
  redirectUris: z.array(RedirectUri).min(1, 'needs at least one redirect URI'),
  /**
   * Registered as a single-page application: token requests must be cross-origin (carry `Origin`) and refresh
   * tokens live a fixed 24 hours. Otherwise a public client (mobile and desktop): no `Origin` allowed, 90 days.
   */
  spa: z.boolean().optional(),
});
export type App = z.infer<typeof AppSchema>;

const shape = {
  users: z.array(UserSchema),
  /** the user who has a browser session from the start (auto-login) */
  signedIn: Id.optional(),
  /** app registrations; without it, every client id is accepted */
  apps: z.array(AppSchema).optional(),
};
export type IdentityData = z.infer<z.ZodObject<typeof shape>>;

export const identityDataset: DatasetSection<typeof shape> = {
  shape,
  check(dataset, problem) {
    const ids = new Set<string>();
    const emails = new Map<string, number>();
    dataset.users.forEach((user, index) => {
      if (ids.has(user.id)) problem(['users', index, 'id'], `duplicate user id "${user.id}"`);
      ids.add(user.id);
      const email = user.email.toLowerCase();
      const first = emails.get(email);
      if (first !== undefined) problem(['users', index, 'email'], `same e-mail as users[${first}]`);
      else emails.set(email, index);
    });
    if (dataset.signedIn !== undefined && !ids.has(dataset.signedIn))
      problem(['signedIn'], `no user with id "${dataset.signedIn}"`);
    const clientIds = new Map<string, number>();
    dataset.apps?.forEach((app, index) => {
      const key = app.clientId.toLowerCase();
      const first = clientIds.get(key);
      if (first !== undefined) problem(['apps', index, 'clientId'], `same client id as apps[${first}]`);
      else clientIds.set(key, index);
    });
  },
};
