import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { Settings } from '@/lib/settings';
import { send } from './background';

/**
 * For extension pages: calls `listener` with the settings whenever they change, in this or any other context.
 * The background reads and validates them (pages stay without zod); an answer that arrives after a newer
 * change's is dropped.
 */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  let latest = 0;
  const changed = () => {
    const asked = ++latest;
    send({ type: 'settings/get' }).then(
      (settings) => {
        if (asked === latest) listener(settings);
      },
      () => {}, // the background went away (the extension was reloaded): nothing to follow any more
    );
  };
  // The IT department's policy (managed storage) changes the effective settings too.
  const policyChanged = (_changes: unknown, area: string) => {
    if (area === 'managed') changed();
  };
  browser.storage.onChanged.addListener(policyChanged);
  const unwatch = storage.watch('local:settings', changed);
  return () => {
    unwatch();
    browser.storage.onChanged.removeListener(policyChanged);
  };
}
