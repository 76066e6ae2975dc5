/**
 * The settings item in storage.local (`wxt/storage`, versioned with migrations), for the background. Extension
 * pages ask the background and follow changes with `watch-settings.ts`; content scripts do not read it
 * (storage.local is closed to them where the browser allows), so the background tells them what changed (see
 * entrypoints/background/index.ts).
 */
import { storage } from 'wxt/utils/storage';
import type { SaveSettingsResult } from '@/lib/messages';
import {
  migrateSettings,
  SETTINGS_VERSION,
  type Settings,
  SettingsSchema,
  settingsErrors,
} from '@/lib/settings';

/**
 * Stored as it is written; read only through {@link migrateSettings}, which validates it with zod every time and
 * reads a version 1 value too (one written before this version was installed, or by hand).
 */
export const settingsItem = storage.defineItem<unknown>('local:settings', {
  version: SETTINGS_VERSION,
  migrations: { 2: migrateSettings },
});

/**
 * The settings as last read, while this worker lives: every hover asks for them several times, and reading and
 * validating them each time cost more than the network round trip to Graph (measured). Storage stays the
 * source of truth: any change to it, by whoever writes it, drops this copy.
 */
let current: Promise<Settings> | undefined;
settingsItem.watch(() => forgetSettingsCopy());

/** Drops the copy, so the next read goes to storage (tests: the fake browser forgets listeners when reset). */
export function forgetSettingsCopy(): void {
  current = undefined;
}

export function loadSettings(): Promise<Settings> {
  if (current) return current;
  const read = settingsItem.getValue().then(migrateSettings);
  current = read;
  // A failed read is not kept: the next caller reads again.
  read.catch(() => {
    if (current === read) current = undefined;
  });
  return read;
}

/** Saves go one after another, so a read-modify-write never loses a change made at the same moment. */
let saves: Promise<unknown> = Promise.resolve();

/** Saves settings (validated), or says per field what is wrong. */
export function saveSettings(input: unknown): Promise<SaveSettingsResult> {
  return updateSettings(() => input);
}

/** Applies `change` to the current settings and saves the result, with no other save in between. */
export function updateSettings(change: (current: Settings) => unknown): Promise<SaveSettingsResult> {
  const next = saves.then(async (): Promise<SaveSettingsResult> => {
    const parsed = SettingsSchema.safeParse(change(await loadSettings()));
    if (!parsed.success) return { saved: false, errors: settingsErrors(parsed.error) };
    await settingsItem.setValue(parsed.data);
    current = Promise.resolve(parsed.data);
    return { saved: true, settings: parsed.data };
  });
  saves = next.catch(() => {});
  return next;
}
