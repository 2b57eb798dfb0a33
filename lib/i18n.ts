import type english from '../public/_locales/en/messages.json';

/**
 * Every text the interface and the notifications show comes from the extension's locale files
 * (public/_locales/<lang>/messages.json), English first. A new language is a new folder with the same keys.
 */
export type MessageKey = Exclude<keyof typeof english, 'extName' | 'extDescription'>;

/** A locale file, as browsers read it. */
export type Catalog = Record<string, { message: string; description?: string; placeholders?: Record<string, { content: string }> }>;

type GetMessage = (key: string, substitutions?: string[]) => string;

interface I18nApi {
  getMessage: GetMessage;
}

let fallback: { get: GetMessage; language: string } | null = null;

function browserI18n(): I18nApi | undefined {
  const g = globalThis as { browser?: { i18n?: I18nApi }; chrome?: { i18n?: I18nApi } };
  return g.browser?.i18n ?? g.chrome?.i18n;
}

/**
 * A message with its placeholders filled, as browsers do it: `$name$` is the placeholder's content, in which `$1`..`$9`
 * are the substitutions; `$$` is a dollar sign.
 */
export function formatMessage(catalog: Catalog, key: string, substitutions: string[] = []): string {
  const entry = catalog[key];
  if (!entry) return '';
  const placeholders = Object.fromEntries(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]));
  return entry.message.replace(/\$\$|\$([a-zA-Z0-9_@]+)\$/g, (whole, name: string | undefined) => {
    if (name === undefined) return '$';
    const content = placeholders[name.toLowerCase()];
    if (content === undefined) return whole;
    return content.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  });
}

/**
 * Outside a browser (unit tests, node scripts): messages from a catalog read from the locale file. `strict` throws
 * when a key is missing or is given another number of substitutions than its placeholders, so tests catch both.
 */
export function useCatalog(catalog: Catalog, opts: { language?: string; strict?: boolean } = {}): void {
  const get: GetMessage = (key, subs = []) => {
    if (opts.strict) {
      const expected = Object.keys(catalog[key]?.placeholders ?? {}).length;
      if (!catalog[key]) throw new Error(`i18n: no message "${key}"`);
      if (subs.length !== expected) throw new Error(`i18n: "${key}" takes ${expected} substitutions, given ${subs.length}`);
    }
    return formatMessage(catalog, key, subs);
  };
  fallback = { get, language: opts.language ?? 'en' };
}

/** The text for `key` in the browser's language, its placeholders filled from `substitutions` in order. */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const subs = substitutions.map(String);
  const text = fallback ? fallback.get(key, subs) : browserI18n()?.getMessage(key, subs);
  // A key missing from the catalog shows as itself rather than as nothing.
  return text || key;
}

/**
 * The language the messages are shown in, for numbers and dates: each locale file names its own (`languageCode`). The
 * browser's own answers can differ from the file it picked (Chromium's service worker says en-US whatever it shows).
 */
export function uiLanguage(): string {
  if (fallback) return fallback.language;
  return browserI18n()?.getMessage('languageCode') || 'en';
}

/** A number as the language of the messages writes it: 12,450 in English, 12 450 in French. */
export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return n.toLocaleString(uiLanguage(), options);
}
