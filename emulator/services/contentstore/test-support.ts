/** What the ContentStore tests share: an emulator per test file, logins, and reading XML answers. */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../server';

export const DEMO_CS_PASSWORDS: Record<string, string> = {
  megan: 'megan-pass',
  adele: 'adele-pass',
  user1: 'user1-pass',
};

export const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** Starts the demo emulator for the test file and resets it (sessions included) before each test. */
export function useContentStore(): {
  readonly emulator: RunningEmulator;
  readonly url: string;
  readonly api: string;
} {
  const state = {} as { emulator: RunningEmulator; url: string; api: string };
  beforeAll(async () => {
    state.emulator = await startEmulator();
    state.url = state.emulator.url;
    state.api = `${state.url}/webconsole/api`;
  });
  afterAll(() => state.emulator.close());
  beforeEach(async () => {
    await fetch(`${state.url}/_emulator/reset`, { method: 'POST', body: '{"signOut":true}' });
  });
  return state;
}

/** A `QSDK …` token from a JSON Login. */
export async function loginAs(api: string, userName = 'megan'): Promise<string> {
  const response = await fetch(`${api}/Login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: userName, password: base64(DEMO_CS_PASSWORDS[userName] ?? '') }),
  });
  const body = (await response.json()) as { token?: string };
  if (!body.token) throw new Error(`login as ${userName} failed: ${JSON.stringify(body)}`);
  return body.token;
}

/** Parses an XML answer strictly (a malformed one throws) and returns its root element. */
export function xmlRoot(text: string): Element {
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`answer is not well-formed XML: ${message}`);
    },
  }).parseFromString(text, 'application/xml');
  return doc.documentElement!;
}

/** The elements named `name` anywhere below `root`. */
export function elements(root: Element, name: string): Element[] {
  return Array.from(root.getElementsByTagName(name));
}

export async function advanceClock(url: string, minutes: number): Promise<void> {
  const response = await fetch(`${url}/_emulator/contentstore/clock`, {
    method: 'POST',
    body: JSON.stringify({ advanceMinutes: minutes }),
  });
  if (response.status !== 200) throw new Error(`clock: HTTP ${response.status}`);
}
