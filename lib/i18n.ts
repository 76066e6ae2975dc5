/**
 * The one way user-visible text is produced: `t(key, …)` reads the browser's catalogue
 * (`public/_locales/<lang>/messages.json`) through `i18n.getMessage`, so bundles carry no strings of their own.
 * The key type comes from the English catalogue: a key that is not there does not compile.
 *
 * Works wherever the extension API is (pages, content scripts, the service worker); imported in plain Node it
 * does not fail, it answers with the key itself.
 */
import type english from '../public/_locales/en/messages.json';

export type MessageKey = keyof typeof english;

/** Keys that come as `<base>_one`, `<base>_other` (and perhaps `_zero`, `_two`, `_few`, `_many`). */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}_other` ? Base : never;
}[MessageKey];

export type Substitution = string | number;

interface I18nApi {
  getMessage(name: string, substitutions?: string | string[]): string;
  getUILanguage(): string;
}

/** `browser.i18n` or `chrome.i18n`, whichever exists now (looked up per call: tests replace the globals). */
function api(): I18nApi | undefined {
  const scope = globalThis as { browser?: { i18n?: Partial<I18nApi> }; chrome?: { i18n?: Partial<I18nApi> } };
  for (const candidate of [scope.browser?.i18n, scope.chrome?.i18n]) {
    if (typeof candidate?.getMessage === 'function' && typeof candidate.getUILanguage === 'function') {
      return candidate as I18nApi;
    }
  }
  return undefined;
}

function message(key: string, substitutions: string[]): string {
  let text = '';
  try {
    text = api()?.getMessage(key, substitutions) ?? '';
  } catch {
    // A stub without this API (or a torn-down context): fall through to the key.
  }
  return text;
}

/**
 * The language the interface is shown in, for `Intl` formatting: the catalogue's own language (a French
 * browser gets the English catalogue, so dates inside English sentences are English too), made regional
 * when the browser's language is a variant of it (`en-GB`, `de-AT`).
 */
export function uiLocale(): string {
  const catalogue = message('locale', []);
  let browserLanguage = '';
  try {
    browserLanguage = api()?.getUILanguage() ?? '';
  } catch {
    browserLanguage = '';
  }
  if (!catalogue) return browserLanguage || 'en';
  const sameLanguage = browserLanguage.toLowerCase().split(/[-_]/)[0] === catalogue.toLowerCase();
  const candidate = sameLanguage ? browserLanguage.replace('_', '-') : catalogue;
  try {
    return Intl.getCanonicalLocales(candidate)[0] ?? catalogue;
  } catch {
    return catalogue;
  }
}

/**
 * Intl's formatters, one per kind, locale and options: making one costs far more than using it (it loads the
 * locale's data), and a card or a list formats at every render.
 */
const formatters = new Map<string, unknown>();
export function intlFormatter<T>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let made = formatters.get(key) as T | undefined;
  if (made === undefined) {
    made = make();
    formatters.set(key, made);
  }
  return made;
}

/** A number as the interface language writes it; 4-digit numbers stay ungrouped ("2000", "12,345"). */
export function formatNumber(value: number): string {
  const locale = uiLocale();
  const options = { useGrouping: 'min2' } as const;
  return intlFormatter('number', locale, options, () => new Intl.NumberFormat(locale, options)).format(value);
}

function asText(value: Substitution): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/**
 * The message for `key`, with `$1`…`$9` (and the named placeholders that stand for them) filled in from
 * `substitutions`. Numbers are written in the interface language. A key the catalogue lacks shows as the key,
 * so a gap is visible instead of blank.
 */
export function t(key: MessageKey, ...substitutions: Substitution[]): string {
  return message(key, substitutions.map(asText)) || key;
}

/**
 * A plural message: picks `<base>_<category>` by `Intl.PluralRules` in the interface language
 * (`itemCount_one`, `itemCount_other`), falling back to `<base>_other`. `$1` is the count; more
 * substitutions follow it.
 */
export function plural(base: PluralKey, count: number, ...substitutions: Substitution[]): string {
  const locale = uiLocale();
  const category = intlFormatter('plural', locale, {}, () => new Intl.PluralRules(locale)).select(count);
  const subs = [formatNumber(count), ...substitutions.map(asText)];
  return message(`${base}_${category}`, subs) || message(`${base}_other`, subs) || `${base}_other`;
}

/**
 * A message whose substitutions are not all text (say, a name in bold, or a `<time>`): the message is split
 * around them, so `tParts('signedInAs', <strong>{name}</strong>)` gives `['Signed in as ', <strong/>, '']`
 * and each language keeps its own word order.
 */
export function tParts<T>(key: MessageKey, ...values: T[]): Array<string | T> {
  // Private-use characters never occur in our catalogues, so they mark where each value goes.
  const markers = values.map((_, index) => `\uE000${index}\uE001`);
  const text = message(key, markers) || key;
  const parts: Array<string | T> = [];
  for (const piece of text.split(/(\uE000\d+\uE001)/)) {
    const marker = /^\uE000(\d+)\uE001$/.exec(piece);
    if (marker) parts.push(values[Number(marker[1])] as T);
    else if (piece) parts.push(piece);
  }
  return parts;
}

/** Sets an extension page's language, writing direction and title from the catalogue. */
export function localizeDocument(titleKey: MessageKey): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = uiLocale();
  const direction = message('@@bidi_dir', []);
  if (direction === 'rtl' || direction === 'ltr') document.documentElement.dir = direction;
  document.title = t(titleKey);
}
