import { browser } from 'wxt/browser';
import type { SaveSettingsResult } from '@/lib/messages';
import { migrateSettings, type Settings, SettingsSchema, settingsErrors } from '@/lib/settings';

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(KEY);
  return migrateSettings(stored[KEY]);
}

export async function saveSettings(input: unknown): Promise<SaveSettingsResult> {
  const parsed = SettingsSchema.safeParse(input);
  if (!parsed.success) return { saved: false, errors: settingsErrors(parsed.error) };
  await browser.storage.local.set({ [KEY]: parsed.data });
  return { saved: true, settings: parsed.data };
}
