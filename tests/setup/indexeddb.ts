/**
 * Node has no IndexedDB; the background's credential store (lib/credential-store.ts) uses the browser's. Every
 * test file gets an in-memory one, emptied before each test like fakeBrowser's storage. Assigned, not stubbed,
 * so tests that unstub their globals keep it.
 */
import { beforeEach } from 'vitest';
import { fakeIndexedDB } from './fake-indexeddb';

const indexedDB = fakeIndexedDB();
globalThis.indexedDB = indexedDB;
beforeEach(() => indexedDB.reset());
