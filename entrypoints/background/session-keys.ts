import { browser } from 'wxt/browser';

/** Removes every storage.session entry whose key starts with `prefix`; returns how many there were. */
export async function removeSessionKeys(prefix: string): Promise<number> {
  const keys = Object.keys(await browser.storage.session.get(null)).filter((key) => key.startsWith(prefix));
  await browser.storage.session.remove(keys);
  return keys.length;
}
