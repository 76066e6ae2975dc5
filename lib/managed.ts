import type { z } from 'zod';
import { PROVIDERS } from './providers';
import { GeneralSettingsSchema, type Settings, SettingsSchema } from './settings';

/**
 * Settings an IT department sets by policy (the browser's managed storage, `storage.managed`; its keys are
 * described to Chrome by public/managed_schema.json). The policy has the settings' own nested shape
 * (`hoverDelayMs`, `providers.graph.clientId`, …), and each of its values is checked with the setting's own
 * schema: a valid one is laid over what the person stored and cannot be changed by them; an invalid one is
 * ignored (and named, so the options page can say so). Nothing a policy holds can break the settings.
 */

export interface PolicyState {
  /** Settings paths the policy sets (`hoverDelayMs`, `providers.graph.clientId`): the person cannot change them. */
  managed: string[];
  /** Settings paths the policy sets to something invalid: ignored. */
  invalid: string[];
}

export interface EffectiveSettings extends PolicyState {
  /** What every reader sees: the stored settings with the policy's values laid over them. */
  settings: Settings;
}

export const NO_POLICY: PolicyState = { managed: [], invalid: [] };

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function shapeOf(schema: z.ZodType): Record<string, z.ZodType> {
  return (schema as unknown as { shape?: Record<string, z.ZodType> }).shape ?? {};
}

/** Lays the policy's valid fields of one object over `base`; says which it took and which it refused. */
function overlay(
  shape: Record<string, z.ZodType>,
  base: Loose,
  policy: Loose,
  prefix: string,
): { merged: Loose; taken: string[]; refused: string[] } {
  const merged = { ...base };
  const taken: string[] = [];
  const refused: string[] = [];
  for (const [key, field] of Object.entries(shape)) {
    if (policy[key] === undefined) continue;
    const parsed = field.safeParse(policy[key]);
    if (parsed.success) {
      merged[key] = parsed.data;
      taken.push(prefix + key);
    } else refused.push(prefix + key);
  }
  return { merged, taken, refused };
}

/** `stored` with the policy's valid values over it, and which paths the policy decides. */
export function applyPolicy(stored: Settings, policy: unknown): EffectiveSettings {
  if (!isObject(policy)) return { settings: stored, ...NO_POLICY };
  const general = overlay(GeneralSettingsSchema.shape, stored, policy, '');
  const managed = [...general.taken];
  const invalid = [...general.refused];
  const providers: Loose = { ...stored.providers };
  const policySections = isObject(policy.providers) ? policy.providers : {};
  for (const provider of PROVIDERS) {
    const section = policySections[provider.id];
    if (!isObject(section)) continue;
    const prefix = `providers.${provider.id}.`;
    const own = providers[provider.id] as Loose;
    const { merged, taken, refused } = overlay(shapeOf(provider.settings.schema), own, section, prefix);
    // Fields valid one by one may still disagree (Exchange Server chosen, no EWS URL): then none of them apply.
    if (provider.settings.schema.safeParse(merged).success) {
      providers[provider.id] = merged;
      managed.push(...taken);
      invalid.push(...refused);
    } else invalid.push(...taken, ...refused);
  }
  const parsed = SettingsSchema.safeParse({ ...general.merged, providers });
  // Cannot fail with every part checked above; should it still, the person's own settings apply.
  if (!parsed.success) return { settings: stored, managed: [], invalid: [...managed, ...invalid] };
  return { settings: parsed.data, managed, invalid };
}

/** The value at a settings path (`providers.graph.clientId`). */
export function valueAt(settings: Settings, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), settings);
}

/** A copy of `settings` with the value at `path` replaced. */
export function withValueAt(settings: Settings, path: string, value: unknown): Settings {
  const set = (target: Loose, keys: string[]): Loose => {
    const [key, ...rest] = keys as [string, ...string[]];
    return {
      ...target,
      [key]: rest.length === 0 ? value : set(isObject(target[key]) ? target[key] : {}, rest),
    };
  };
  return set(settings as unknown as Loose, path.split('.')) as unknown as Settings;
}
