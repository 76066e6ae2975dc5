import { z } from 'zod';

/**
 * User settings, stored in storage.local under one versioned key. Endpoints are https, or plain http on
 * loopback only (the local emulator), so a typo cannot send tokens to another host in clear text.
 */

export const SETTINGS_VERSION = 1;

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** An https URL, or http on loopback; returned without a trailing slash. */
export const endpointUrl = z
  .string()
  .trim()
  .transform((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Enter a full URL, starting with https://' });
      return z.NEVER;
    }
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
    if (!secure) {
      ctx.addIssue({
        code: 'custom',
        message: 'Use https:// (plain http only works for 127.0.0.1 or localhost)',
      });
      return z.NEVER;
    }
    if (url.username || url.password || url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'Leave out user names, ?query and #fragment' });
      return z.NEVER;
    }
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  });

const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?$/, 'Enter a host name such as mail.example.com');

export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Application (client) ID registered in Microsoft Entra ID as a single-page application. */
  clientId: z.string().trim().max(100),
  authority: endpointUrl,
  graphEndpoint: endpointUrl,
  hoverDelayMs: z.number().int().min(100, 'At least 100 ms').max(3000, 'At most 3000 ms'),
  /** Hosts (or `*.example.com`) where hover previews are off. */
  disabledSites: z.array(hostName).max(500),
  cacheTtlMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  clientId: '',
  authority: 'https://login.microsoftonline.com/common',
  graphEndpoint: 'https://graph.microsoft.com/v1.0',
  hoverDelayMs: 400,
  disabledSites: [],
  cacheTtlMinutes: 15,
};

/**
 * Reads whatever is stored (any older version, or garbage) and returns valid settings: stored fields that
 * still validate are kept, the rest fall back to defaults.
 */
export function migrateSettings(stored: unknown): Settings {
  if (!stored || typeof stored !== 'object') return DEFAULT_SETTINGS;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, field] of Object.entries(SettingsSchema.shape)) {
    if (key === 'version') continue;
    const value = (stored as Record<string, unknown>)[key];
    if (value !== undefined && field.safeParse(value).success) merged[key] = value;
  }
  return SettingsSchema.parse(merged);
}

export { isSiteDisabled } from './sites';

/** First problem per field, for showing beside the inputs. */
export function settingsErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
