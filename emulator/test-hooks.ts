/** Vitest hooks shared by the emulator's conformance tests (kept apart from testing.ts, which runs outside Vitest too). */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunningEmulator, startEmulator } from './server';
import { signIn } from './testing';

/**
 * Starts the demo emulator (signed-in user logs in at once) for the test file, signs in once, and resets its
 * state and log before each test. The fields are filled when the tests run.
 */
export function useSignedInEmulator(): {
  readonly emulator: RunningEmulator;
  readonly base: string;
  readonly accessToken: string;
} {
  const demo = {} as { emulator: RunningEmulator; base: string; accessToken: string };
  beforeAll(async () => {
    demo.emulator = await startEmulator({ autoLogin: true });
    demo.base = demo.emulator.url;
    demo.accessToken = (await signIn(demo.base)).access_token;
  });
  afterAll(() => demo.emulator.close());
  beforeEach(async () => {
    await fetch(`${demo.base}/_emulator/reset`, { method: 'POST' });
  });
  return demo;
}
