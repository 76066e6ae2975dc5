/** The dataset's accounts, by id and by e-mail address. Other services (Graph) look users up here too. */
import type { User } from './dataset';

export class Directory {
  private readonly byId = new Map<string, User>();
  private readonly byEmail = new Map<string, User>();

  constructor(readonly users: readonly User[]) {
    for (const user of users) {
      this.byId.set(user.id, user);
      this.byEmail.set(user.email.toLowerCase(), user);
    }
  }

  user(id: string): User | undefined {
    return this.byId.get(id);
  }

  userByEmail(email: string): User | undefined {
    return this.byEmail.get(email.trim().toLowerCase());
  }
}

export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
