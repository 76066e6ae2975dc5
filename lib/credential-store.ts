/**
 * Credentials (the account and its refresh token) kept in the extension origin's IndexedDB. Content scripts run
 * in the page's origin, so they cannot open this database in any browser; storage.local, by contrast, is open
 * to them in Firefox and in Chrome before 140 (storage.local.setAccessLevel). Only the background uses it.
 */
import type { KeyValueArea } from './providers/types';

const DATABASE = 'sharelens-credentials';
const STORE = 'credentials';
/** A stuck database (another connection blocking, a wedged profile) fails the request instead of hanging it. */
const TIMEOUT_MS = 5_000;

export interface CredentialStoreOptions {
  /** The IndexedDB to use (tests pass their own); the global one by default. */
  indexedDB?: IDBFactory;
  databaseName?: string;
  timeoutMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`ShareLens credential store: ${what} did not finish within ${ms} ms.`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function failure(what: string, error: DOMException | null | undefined): Error {
  return new Error(
    `ShareLens credential store: ${what} failed${error ? ` (${error.name}: ${error.message})` : ''}.`,
  );
}

/** A KeyValueArea over one object store of one IndexedDB database; values are structured-cloned. */
export function createCredentialStore(options: CredentialStoreOptions = {}): KeyValueArea {
  const name = options.databaseName ?? DATABASE;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  let opening: Promise<IDBDatabase> | undefined;

  function open(): Promise<IDBDatabase> {
    const factory = options.indexedDB ?? globalThis.indexedDB;
    if (!factory)
      return Promise.reject(new Error('ShareLens credential store: IndexedDB is not available here.'));
    const request = factory.open(name, 1);
    const opened = new Promise<IDBDatabase>((resolve, reject) => {
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Let a later version (an update of the extension) open it instead of blocking it.
        db.onversionchange = () => {
          db.close();
          opening = undefined;
        };
        resolve(db);
      };
      request.onerror = () => reject(failure('opening the database', request.error));
    });
    return withTimeout(opened, timeoutMs, 'opening the database').catch((error) => {
      // A database that opens after we gave up is closed, and the next call tries afresh.
      opened.then((db) => db.close()).catch(() => {});
      throw error;
    });
  }

  function database(): Promise<IDBDatabase> {
    opening ??= open().catch((error) => {
      opening = undefined;
      throw error;
    });
    return opening;
  }

  /** One request in its own transaction; settles when the transaction does (so a write is durable). */
  async function run<T>(
    what: string,
    mode: IDBTransactionMode,
    act: (store: IDBObjectStore) => IDBRequest,
  ): Promise<T> {
    const done = database().then(
      (db) =>
        new Promise<T>((resolve, reject) => {
          const transaction = db.transaction(STORE, mode);
          const request = act(transaction.objectStore(STORE));
          transaction.oncomplete = () => resolve(request.result as T);
          transaction.onerror = () => reject(failure(what, transaction.error ?? request.error));
          transaction.onabort = () => reject(failure(what, transaction.error ?? request.error));
        }),
    );
    return withTimeout(done, timeoutMs, what);
  }

  return {
    get: (key) => run(`reading "${key}"`, 'readonly', (store) => store.get(key)),
    set: (key, value) => run(`writing "${key}"`, 'readwrite', (store) => store.put(value, key)),
    remove: (key) => run(`removing "${key}"`, 'readwrite', (store) => store.delete(key)),
  };
}

/**
 * `store`, taking over keys an earlier version kept in `legacy` (storage.local): the first use of a key in this
 * worker copies a value found there into `store` (unless `store` already has one) and then removes it from
 * `legacy`, so nobody is signed out by the update and no copy stays where content scripts might read it. Every
 * operation on the key waits for that, so a write cannot be overwritten by a late migration.
 */
export function migratingFrom(legacy: KeyValueArea, store: KeyValueArea): KeyValueArea {
  const migrations = new Map<string, Promise<void>>();

  function migrate(key: string): Promise<void> {
    let migration = migrations.get(key);
    if (!migration) {
      migration = (async () => {
        const old = await legacy.get(key);
        if (old === undefined) return;
        if ((await store.get(key)) === undefined) await store.set(key, old);
        await legacy.remove(key);
      })();
      // A failed migration is tried again on the next use.
      migration.catch(() => migrations.delete(key));
      migrations.set(key, migration);
    }
    return migration;
  }

  return {
    get: async (key) => {
      await migrate(key);
      return store.get(key);
    },
    set: async (key, value) => {
      await migrate(key);
      await store.set(key, value);
    },
    remove: async (key) => {
      await migrate(key);
      await store.remove(key);
    },
  };
}
