/**
 * `i18n.getMessage` and `i18n.getUILanguage` for unit tests, reading `public/_locales/<lang>/messages.json`
 * and filling in placeholders as Chrome does: named `$name$` placeholders (case-insensitive) become their
 * `content`, then `$1`…`$9` become the substitutions (missing ones empty) and `$$` a dollar sign. Unknown
 * keys give "", as in the browser.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

export type TestLocale = 'en' | 'de';

export interface CatalogueEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalogue = Record<string, CatalogueEntry>;

/** What the browser reports as its UI language for each catalogue. */
const UI_LANGUAGE: Record<TestLocale, string> = { en: 'en-US', de: 'de' };

const cache = new Map<string, Catalogue>();

export function readCatalogue(locale: string): Catalogue {
  let catalogue = cache.get(locale);
  if (!catalogue) {
    // Relative to the project root (Vitest's working directory): happy-dom test files get no file: URL.
    const path = resolve(process.cwd(), 'public/_locales', locale, 'messages.json');
    catalogue = JSON.parse(readFileSync(path, 'utf8')) as Catalogue;
    cache.set(locale, catalogue);
  }
  return catalogue;
}

/** Chrome's lookup: case-insensitive names, named placeholders, then `$1`…`$9` and `$$`. */
export function chromeMessage(
  catalogue: Catalogue,
  name: string,
  substitutions?: string | string[],
  uiLanguage = 'en-US',
): string {
  if (name === '@@ui_locale') return uiLanguage.replace('-', '_');
  if (name === '@@bidi_dir') return 'ltr';
  const wanted = name.toLowerCase();
  const entry = Object.entries(catalogue).find(([key]) => key.toLowerCase() === wanted)?.[1];
  if (!entry) return '';
  const subs =
    substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
  const placeholders = new Map(
    Object.entries(entry.placeholders ?? {}).map(([key, value]) => [key.toLowerCase(), value.content]),
  );
  const named = entry.message.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, placeholder: string) => {
    const content = placeholders.get(placeholder.toLowerCase());
    return content ?? whole;
  });
  return named.replace(/\$(\$|[1-9])/g, (_, which: string) =>
    which === '$' ? '$' : (subs[Number(which) - 1] ?? ''),
  );
}

type I18nTarget = { i18n: { getMessage: unknown; getUILanguage: unknown } };

function install(target: I18nTarget | undefined, locale: TestLocale): void {
  if (!target?.i18n) return;
  const catalogue = readCatalogue(locale);
  const uiLanguage = UI_LANGUAGE[locale];
  target.i18n.getMessage = (name: string, substitutions?: string | string[]) =>
    chromeMessage(catalogue, name, substitutions, uiLanguage);
  target.i18n.getUILanguage = () => uiLanguage;
}

/** Makes `t()` and the formatters answer in `locale` (the setup file goes back to English before each test). */
export function useLocale(locale: TestLocale): void {
  install(fakeBrowser as unknown as I18nTarget, locale);
  const scope = globalThis as { chrome?: I18nTarget; browser?: I18nTarget };
  install(scope.chrome, locale);
  if (scope.browser !== scope.chrome) install(scope.browser, locale);
}
