/** The identity platform's part of the dataset file: `users` (accounts with passwords) and `signedIn`. */
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

const shape = {
  users: z.array(UserSchema),
  /** the user who has a browser session from the start (auto-login) */
  signedIn: Id.optional(),
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
  },
};
