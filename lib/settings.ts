import { z } from 'zod';
import { HOVER_MODIFIERS } from './hover-modifier';
import { t } from './i18n';
import { PROVIDERS, type ProviderSettingsMap } from './providers';
import { hostName } from './validation';

/**
 * User settings, stored in storage.local under one versioned key: the general ones at the top level and one
 * section per provider under `providers`, each validated by its provider's schema. Version 1 (issue 2) was
 * flat and Microsoft-only; {@link migrateSettings} reads it, and anything else, into the current shape.
 */

export const SETTINGS_VERSION = 2;

// Messages are looked up when a value fails, in the interface language (see lib/i18n.ts).
const wholeNumber = () => t('settingsWholeNumber');
const minutesRange = () => t('settingsMinutesRange', 1, 24 * 60);

export const GeneralSettingsSchema = z.object({
  /** Hover previews at all; off, no card opens anywhere (the popup's list still works). */
  previewsEnabled: z.boolean(),
  hoverDelayMs: z
    .number({ error: wholeNumber })
    .int({ error: wholeNumber })
    .min(100, { error: () => t('settingsAtLeastMs', 100) })
    .max(3000, { error: () => t('settingsAtMostMs', 3000) }),
  /** A key that must be held for a card to open ('none': hovering alone opens it). */
  hoverModifier: z.enum(HOVER_MODIFIERS, { error: () => t('settingsHoverModifierChoice') }),
  /** Hosts (or `*.example.com`) where hover previews are off. */
  disabledSites: z.array(hostName).max(500, { error: () => t('settingsTooManySites', 500) }),
  cacheTtlMinutes: z
    .number({ error: wholeNumber })
    .int({ error: wholeNumber })
    .min(1, { error: minutesRange })
    .max(24 * 60, { error: minutesRange }),
});
export type GeneralSettings = z.infer<typeof GeneralSettingsSchema>;

const ProvidersSchema = z.object(
  Object.fromEntries(PROVIDERS.map((provider) => [provider.id, provider.settings.schema])),
) as unknown as z.ZodType<ProviderSettingsMap>;

export const SettingsSchema = GeneralSettingsSchema.extend({
  version: z.literal(SETTINGS_VERSION),
  providers: ProvidersSchema,
});
export type Settings = GeneralSettings & { version: typeof SETTINGS_VERSION; providers: ProviderSettingsMap };

export const DEFAULT_SETTINGS: Settings = {
  version: SETTINGS_VERSION,
  previewsEnabled: true,
  hoverDelayMs: 400,
  hoverModifier: 'none',
  disabledSites: [],
  cacheTtlMinutes: 15,
  providers: Object.fromEntries(
    PROVIDERS.map((provider) => [provider.id, provider.settings.defaults]),
  ) as ProviderSettingsMap,
};

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;

/** Copies the fields of `stored` that validate on their own over `defaults`. */
function keepValid<T extends object>(shape: Record<string, z.ZodType>, defaults: T, stored: Loose): T {
  const merged = { ...defaults } as Loose;
  for (const [key, field] of Object.entries(shape)) {
    const value = stored[key];
    if (value !== undefined && field.safeParse(value).success) merged[key] = value;
  }
  return merged as T;
}

/** The shape of an object schema's fields, for field-by-field checks. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
}

/**
 * Reads whatever is stored (version 1, version 2, or garbage) and returns valid current settings: stored
 * fields that still validate are kept, the rest fall back to defaults. Run on every read, so a value written
 * by an older version (or by hand) never reaches the code unchecked.
 */
export function migrateSettings(stored: unknown): Settings {
  if (!isObject(stored)) return DEFAULT_SETTINGS;
  const general = keepValid(GeneralSettingsSchema.shape, DEFAULT_SETTINGS, stored);
  const storedSections = isObject(stored.providers) ? stored.providers : {};
  const providers: Loose = {};
  for (const provider of PROVIDERS) {
    const { settings } = provider;
    let section = storedSections[provider.id];
    // Version 1 had no sections: each provider picks its fields from the flat object.
    if (stored.version !== SETTINGS_VERSION && section === undefined && settings.fromV1) {
      section = settings.fromV1(stored);
    }
    const kept = isObject(section)
      ? keepValid(shapeOf(settings.schema), settings.defaults, section)
      : undefined;
    // Fields valid one by one may still disagree (Exchange Server chosen, no EWS URL): then the defaults.
    providers[provider.id] = kept && settings.schema.safeParse(kept).success ? kept : settings.defaults;
  }
  return SettingsSchema.parse({ ...general, version: SETTINGS_VERSION, providers });
}

export { isSiteDisabled, previewsOnFor } from './sites';

/** First problem per field (`hoverDelayMs`, `providers.graph.clientId`), for showing beside the inputs. */
export function settingsErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}
