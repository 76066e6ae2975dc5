/**
 * A small in-memory IndexedDB for unit tests (Node has none): one version per database, object stores with
 * out-of-line keys, get/put/delete, and transactions that commit asynchronously. Values are structured-cloned,
 * as the real one does. `stuck` makes every open hang, like a wedged profile.
 */
type Handler = ((this: unknown, event: unknown) => void) | null;

interface Database {
  version: number;
  stores: Map<string, Map<IDBValidKey, unknown>>;
}

class FakeRequest<T = unknown> {
  result: T | undefined;
  error: DOMException | null = null;
  onsuccess: Handler = null;
  onerror: Handler = null;
  onupgradeneeded: Handler = null;
  onblocked: Handler = null;
}

class FakeConnection {
  onversionchange: Handler = null;
  constructor(private readonly database: Database) {}
  get objectStoreNames() {
    return { contains: (name: string) => this.database.stores.has(name) };
  }
  createObjectStore(name: string) {
    this.database.stores.set(name, new Map());
  }
  close() {}
  transaction(name: string, _mode: IDBTransactionMode) {
    const data = this.database.stores.get(name);
    if (!data) throw new DOMException(`No object store "${name}".`, 'NotFoundError');
    const writes: Array<() => void> = [];
    const transaction = {
      error: null as DOMException | null,
      oncomplete: null as Handler,
      onerror: null as Handler,
      onabort: null as Handler,
      objectStore: () => ({
        get: (key: IDBValidKey) => {
          const request = new FakeRequest();
          request.result = structuredClone(data.get(key));
          return request;
        },
        put: (value: unknown, key: IDBValidKey) => {
          const copy = structuredClone(value);
          writes.push(() => data.set(key, copy));
          return new FakeRequest();
        },
        delete: (key: IDBValidKey) => {
          writes.push(() => data.delete(key));
          return new FakeRequest();
        },
      }),
    };
    setTimeout(() => {
      for (const write of writes) write();
      transaction.oncomplete?.call(transaction, {});
    });
    return transaction;
  }
}

export function fakeIndexedDB(options: { stuck?: boolean } = {}) {
  const databases = new Map<string, Database>();
  const factory = {
    databases,
    stuck: options.stuck ?? false,
    /** Empties every object store (between tests), keeping the databases and their connections. */
    reset() {
      for (const database of databases.values()) for (const store of database.stores.values()) store.clear();
    },
    open(name: string, version = 1) {
      const request = new FakeRequest<FakeConnection>();
      setTimeout(() => {
        if (factory.stuck) return;
        let database = databases.get(name);
        if (!database) {
          database = { version: 0, stores: new Map() };
          databases.set(name, database);
        }
        request.result = new FakeConnection(database);
        if (version > database.version) {
          database.version = version;
          request.onupgradeneeded?.call(request, {});
        }
        request.onsuccess?.call(request, {});
      });
      return request;
    },
  };
  return factory as typeof factory & IDBFactory;
}
