import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INELIGIBLE } from '../../lib/drops/plan';
import { formatMessage, type Catalog } from '../../lib/i18n';
import { ineligibleLabel, noBetLabel, reasonLabel } from '../../lib/labels';
import { PRIORITIES } from '../../lib/watch/scheduler';

const LOCALES = 'public/_locales';
const read = (lang: string) => JSON.parse(readFileSync(join(LOCALES, lang, 'messages.json'), 'utf8')) as Catalog;
const english = read('en');

/** Every source file that may show a text. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [readFileSync(join(dir, e.name), 'utf8')] : [],
  );
}

describe('locale files', () => {
  it('fill placeholders as browsers do', () => {
    const catalog: Catalog = {
      two: { message: 'Moved $Who$ to $where$ ($$5)', placeholders: { who: { content: '$1' }, where: { content: '#$2' } } },
    };
    expect(formatMessage(catalog, 'two', ['alpha', '3'])).toBe('Moved alpha to #3 ($5)');
    expect(formatMessage(catalog, 'missing')).toBe('');
  });

  it('are well formed: every placeholder declared and used, substitutions $1..$n in order', () => {
    for (const lang of readdirSync(LOCALES)) {
      for (const [key, entry] of Object.entries(read(lang))) {
        expect(key, `${lang}/${key}`).toMatch(/^[A-Za-z0-9_@]+$/);
        expect(typeof entry.message, `${lang}/${key}`).toBe('string');
        const used = [...entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase());
        const declared = Object.keys(entry.placeholders ?? {}).map((n) => n.toLowerCase());
        expect(new Set(used), `${lang}/${key}: placeholders`).toEqual(new Set(declared));
        const contents = Object.values(entry.placeholders ?? {}).map((p) => p.content);
        expect(contents.sort(), `${lang}/${key}: substitutions`).toEqual(contents.map((_, i) => `$${i + 1}`));
      }
    }
  });

  it('other languages translate English keys only, with the same placeholders', () => {
    for (const lang of readdirSync(LOCALES).filter((l) => l !== 'en')) {
      for (const [key, entry] of Object.entries(read(lang))) {
        expect(english[key], `${lang}/${key} is not an English key`).toBeDefined();
        expect(Object.keys(entry.placeholders ?? {}).sort(), `${lang}/${key}`).toEqual(Object.keys(english[key]!.placeholders ?? {}).sort());
      }
    }
  });

  it('every language is complete: it translates every English key', () => {
    const languages = readdirSync(LOCALES).filter((l) => l !== 'en');
    expect(languages.length).toBeGreaterThan(0);
    for (const lang of languages) {
      const catalog = read(lang);
      const missing = Object.keys(english).filter((key) => catalog[key] === undefined);
      expect(missing, `${lang} is missing English keys`).toEqual([]);
      const empty = Object.keys(english).filter((key) => english[key]!.message !== '' && catalog[key]?.message.trim() === '');
      expect(empty, `${lang} has empty messages`).toEqual([]);
    }
  });

  it('hold no message the code does not show', () => {
    const code = [...sources('lib'), ...sources('components'), ...sources('entrypoints')].join('\n');
    // Keys built from a code: `strategy_${s}`, `filter_${k}`, `strategyHint_${s}`.
    const dynamic = [...code.matchAll(/`([A-Za-z]+_)\$\{/g)].map((m) => m[1]!);
    const manifest = ['extName', 'extDescription'];
    const shown = (k: string) => code.includes(`'${k}'`) || code.includes(`"${k}"`) || dynamic.some((p) => k.startsWith(p));
    const unused = Object.keys(english).filter((k) => !manifest.includes(k) && !shown(k));
    expect(unused).toEqual([]);
  });

  it('label every code the domain returns', () => {
    // (The tests' catalog is strict: a missing key or a wrong number of substitutions throws.)
    expect(PRIORITIES.map((rule) => reasonLabel({ rule }))).toEqual(['watch streak', 'drops', 'your order', 'points multiplier', 'fewest points', 'most points']);
    expect(reasonLabel({ rule: 'RAID', from: 'alpha' })).toBe('raid from alpha');
    expect(reasonLabel({ rule: 'TAB' })).toBe('open in your tab');
    expect(INELIGIBLE.map(ineligibleLabel)).toContain('account not linked');
    expect(noBetLabel({ why: 'closed', status: 'LOCKED' })).toBe('the prediction is locked');
    expect(noBetLabel({ why: 'balance', minimum: 1000 })).toBe('balance below 1,000');
    expect(noBetLabel({ why: 'no-outcome', strategy: 'NUMBER_3' })).toBe('no outcome for Always outcome 3');
    expect(noBetLabel({ why: 'filter', filter: { by: 'ODDS', where: 'GTE', value: 2 }, actual: 1.5 })).toBe('condition not met: odds of the pick ≥ 2 (it is 1.5)');
    expect(noBetLabel({ why: 'too-small', points: 7, minimum: 10 })).toBe('a bet of 7 is under the minimum of 10');
  });
});
