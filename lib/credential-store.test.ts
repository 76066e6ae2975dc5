import { describe, expect, it } from 'vitest';
import { fakeIndexedDB } from '../tests/setup/fake-indexeddb';
import { createCredentialStore, migratingFrom } from './credential-store';
import type { KeyValueArea } from './providers/types';

function memoryArea(initial: Record<string, unknown> = {}): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    get: async (key) => data.get(key),
    set: async (key, value) => void data.set(key, value),
    remove: async (key) => void data.delete(key),
  };
}

const ACCOUNT = { id: 'megan', username: 'megan@contoso.com', refreshToken: 'refresh-0' };

describe('the credential store', () => {
  it('gets, sets and removes structured values', async () => {
    const store = createCredentialStore({ indexedDB: fakeIndexedDB() });
    expect(await store.get('auth.account')).toBeUndefined();
    await store.set('auth.account', ACCOUNT);
    expect(await store.get('auth.account')).toEqual(ACCOUNT);
    await store.remove('auth.account');
    expect(await store.get('auth.account')).toBeUndefined();
  });

  it('keeps values for a new instance (a restarted worker)', async () => {
    const indexedDB = fakeIndexedDB();
    await createCredentialStore({ indexedDB }).set('auth.account', ACCOUNT);
    expect(await createCredentialStore({ indexedDB }).get('auth.account')).toEqual(ACCOUNT);
  });

  it('fails, and does not hang, when the database does not answer', async () => {
    const indexedDB = fakeIndexedDB({ stuck: true });
    const store = createCredentialStore({ indexedDB, timeoutMs: 20 });
    await expect(store.get('auth.account')).rejects.toThrow(
      /opening the database did not finish within 20 ms/,
    );
    // Once the database answers again, the next call opens it afresh.
    indexedDB.stuck = false;
    await store.set('auth.account', ACCOUNT);
    expect(await store.get('auth.account')).toEqual(ACCOUNT);
  });
});

describe('taking over credentials from storage.local', () => {
  it('moves a key an earlier version kept in storage.local, so the person stays signed in', async () => {
    const legacy = memoryArea({ 'auth.account': ACCOUNT, settings: { hoverDelay: 300 } });
    const store = createCredentialStore({ indexedDB: fakeIndexedDB() });
    const area = migratingFrom(legacy, store);
    expect(await area.get('auth.account')).toEqual(ACCOUNT);
    expect(legacy.data.has('auth.account')).toBe(false);
    expect(await store.get('auth.account')).toEqual(ACCOUNT);
    // Other keys are not the credential area's business.
    expect(legacy.data.get('settings')).toEqual({ hoverDelay: 300 });
  });

  it('keeps the newer value and removes a stale copy left in storage.local', async () => {
    const legacy = memoryArea({ 'auth.account': ACCOUNT });
    const store = createCredentialStore({ indexedDB: fakeIndexedDB() });
    await store.set('auth.account', { ...ACCOUNT, refreshToken: 'refresh-1' });
    const area = migratingFrom(legacy, store);
    expect(await area.get('auth.account')).toMatchObject({ refreshToken: 'refresh-1' });
    expect(legacy.data.size).toBe(0);
  });

  it('does not let a late migration overwrite a write', async () => {
    const legacy = memoryArea({ 'auth.account': ACCOUNT });
    const store = createCredentialStore({ indexedDB: fakeIndexedDB() });
    const area = migratingFrom(legacy, store);
    await Promise.all([
      area.get('auth.account'),
      area.set('auth.account', { ...ACCOUNT, refreshToken: 'refresh-2' }),
    ]);
    expect(await area.get('auth.account')).toMatchObject({ refreshToken: 'refresh-2' });
    expect(legacy.data.size).toBe(0);
  });

  it('signing out leaves the account nowhere', async () => {
    const legacy = memoryArea({ 'auth.account': ACCOUNT });
    const store = createCredentialStore({ indexedDB: fakeIndexedDB() });
    await migratingFrom(legacy, store).remove('auth.account');
    expect(legacy.data.size).toBe(0);
    expect(await store.get('auth.account')).toBeUndefined();
  });
});
