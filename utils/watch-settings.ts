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
  return storage.watch('local:settings', () => {
    const asked = ++latest;
    send({ type: 'settings/get' }).then(
      (settings) => {
        if (asked === latest) listener(settings);
      },
      () => {}, // the background went away (the extension was reloaded): nothing to follow any more
    );
  });
}
