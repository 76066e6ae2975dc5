/**
 * The settings item in storage.local (`wxt/storage`, versioned with migrations), for the background. Extension
 * pages ask the background and follow changes with `watch-settings.ts`; content scripts do not read it
 * (storage.local is closed to them where the browser allows), so the background tells them what changed (see
 * entrypoints/background/index.ts). What they all see is the effective settings: the stored ones with the
 * values an IT department set by policy laid over them (lib/managed.ts).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { t } from '@/lib/i18n';
import { applyPolicy, type EffectiveSettings, type PolicyState, valueAt, withValueAt } from '@/lib/managed';
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

/** The policy as the browser gives it: nothing where there is no managed storage (Firefox without one). */
function readPolicy(): Promise<unknown> {
  const managed = browser.storage.managed as { get?: () => Promise<unknown> } | undefined;
  // Firefox rejects when no policy or native manifest describes this extension; that means no policy.
  return managed?.get ? managed.get().catch(() => ({})) : Promise.resolve({});
}

interface Current extends EffectiveSettings {
  /** The person's own settings, under the policy's values: what a save keeps for the paths a policy sets. */
  own: Settings;
}

/**
 * The settings as last read, while this worker lives: every hover asks for them several times, and reading and
 * validating them each time cost more than the network round trip to Graph (measured). Storage stays the
 * source of truth: any change to it, by whoever writes it, or to the policy, drops this copy.
 */
let current: Promise<Current> | undefined;
settingsItem.watch(() => forgetSettingsCopy());
onPolicyChanged(() => forgetSettingsCopy());

/** Calls `listener` when the policy changes (Chrome re-reads policies while it runs). */
export function onPolicyChanged(listener: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') listener();
  });
}

/** Drops the copy, so the next read goes to storage (tests: the fake browser forgets listeners when reset). */
export function forgetSettingsCopy(): void {
  current = undefined;
}

function loadCurrent(): Promise<Current> {
  if (current) return current;
  const read = Promise.all([settingsItem.getValue(), readPolicy()]).then(([stored, policy]) => {
    const own = migrateSettings(stored);
    return { own, ...applyPolicy(own, policy) };
  });
  current = read;
  // A failed read is not kept: the next caller reads again.
  read.catch(() => {
    if (current === read) current = undefined;
  });
  return read;
}

/** The effective settings: the stored ones with the policy's values laid over them. */
export function loadSettings(): Promise<Settings> {
  return loadCurrent().then(({ settings }) => settings);
}

/** Which settings the policy sets, and which of its values are ignored as invalid. */
export function loadPolicyState(): Promise<PolicyState> {
  return loadCurrent().then(({ managed, invalid }) => ({ managed, invalid }));
}

/** Saves go one after another, so a read-modify-write never loses a change made at the same moment. */
let saves: Promise<unknown> = Promise.resolve();

/** Saves settings (validated), or says per field what is wrong. */
export function saveSettings(input: unknown): Promise<SaveSettingsResult> {
  return updateSettings(() => input);
}

/**
 * Applies `change` to the current (effective) settings and saves the result, with no other save in between. A
 * change to a value the policy sets is refused for that field; the policy's values themselves are never
 * written, so the person's own come back if the policy goes.
 */
export function updateSettings(change: (current: Settings) => unknown): Promise<SaveSettingsResult> {
  const next = saves.then(async (): Promise<SaveSettingsResult> => {
    const before = await loadCurrent();
    const parsed = SettingsSchema.safeParse(change(before.settings));
    if (!parsed.success) return { saved: false, errors: settingsErrors(parsed.error) };
    let own = parsed.data;
    const errors: Record<string, string> = {};
    for (const path of before.managed) {
      const wanted = valueAt(parsed.data, path);
      if (JSON.stringify(wanted) !== JSON.stringify(valueAt(before.settings, path)))
        errors[path] = t('settingsSetByPolicy');
      own = withValueAt(own, path, valueAt(before.own, path));
    }
    if (Object.keys(errors).length > 0) return { saved: false, errors };
    await settingsItem.setValue(own);
    forgetSettingsCopy();
    return { saved: true, settings: await loadSettings() };
  });
  saves = next.catch(() => {});
  return next;
}
