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

export async function loadSettings(): Promise<Settings> {
  return migrateSettings(await settingsItem.getValue());
}

export async function saveSettings(input: unknown): Promise<SaveSettingsResult> {
  const parsed = SettingsSchema.safeParse(input);
  if (!parsed.success) return { saved: false, errors: settingsErrors(parsed.error) };
  await settingsItem.setValue(parsed.data);
  return { saved: true, settings: parsed.data };
}
