import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every TypeScript file under lib/, with the lib/ paths it imports (relative imports resolved) and what else it uses. */
function files(dir = 'lib'): { file: string; imports: string[]; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    if (!/\.tsx?$/.test(name)) return [];
    const text = readFileSync(path, 'utf8');
    const imports = [...text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)].map((m) => {
      const spec = m[1]!;
      return spec.startsWith('.') ? relative('.', resolve(dirname(path), spec)) : spec;
    });
    return [{ file: path, imports, text }];
  });
}

const under = (path: string, ...dirs: string[]) => dirs.some((d) => path === d || path.startsWith(`${d}/`));
const LIB = files();

describe('the layers, by their imports', () => {
  it('the domain (drops, points, watch) imports nothing from the wire, the store or the engine', () => {
    const wrong = LIB.filter((f) => under(f.file, 'lib/drops', 'lib/points', 'lib/watch')).flatMap((f) =>
      f.imports.filter((i) => under(i, 'lib/twitch', 'lib/store', 'lib/engine')).map((i) => `${f.file} -> ${i}`),
    );
    expect(wrong).toEqual([]);
  });

  it('the store depends on the domain, never on the engine', () => {
    const wrong = LIB.filter((f) => under(f.file, 'lib/store')).flatMap((f) => f.imports.filter((i) => under(i, 'lib/engine')).map((i) => `${f.file} -> ${i}`));
    expect(wrong).toEqual([]);
  });

  it('only lib/twitch knows the operations (the registry and their wire schemas)', () => {
    const wrong = LIB.filter((f) => !under(f.file, 'lib/twitch')).flatMap((f) =>
      f.imports.filter((i) => i === 'lib/twitch/operation').map((i) => `${f.file} -> ${i}`),
    );
    // Operation objects by name (ChannelPointsContext, Inventory...) are imported nowhere else either.
    const names = [...readFileSync('lib/twitch/ops/index.ts', 'utf8').matchAll(/^\s{4}([A-Z][A-Za-z_]+),$/gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    const byName = LIB.filter((f) => !under(f.file, 'lib/twitch')).flatMap((f) =>
      [...f.text.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'[^']*twitch[^']*'/g)].flatMap((m) =>
        m[1]!.split(',').map((s) => s.trim().replace(/^type\s+/, '')).filter((n) => names.includes(n)).map((n) => `${f.file} imports ${n}`),
      ),
    );
    expect([...wrong, ...byName]).toEqual([]);
  });

  it('only lib/store touches IndexedDB itself', () => {
    const wrong = LIB.filter((f) => !under(f.file, 'lib/store') && (/\bIDBKeyRange\b|\bindexedDB\b/.test(f.text) || f.imports.some((i) => i === 'idb' && !/import type/.test(f.text)))).map((f) => f.file);
    expect(wrong).toEqual([]);
  });

  it('no file in lib/ is over 300 lines', () => {
    const long = LIB.map((f) => ({ file: f.file, lines: f.text.split('\n').length })).filter((f) => f.lines > 300);
    expect(long).toEqual([]);
  });
});

describe('the activity log', () => {
  it('is kept as codes with arguments: lib/engine translates nothing it stores (announce.ts shows its texts at once)', () => {
    const SHOWN_AT_ONCE = ['lib/engine/background/announce.ts'];
    // Anything but types imported from lib/i18n (t, formatNumber) would make a text in the language of the moment.
    const translating = LIB.filter((f) => under(f.file, 'lib/engine') && !SHOWN_AT_ONCE.includes(f.file)).flatMap((f) =>
      [...f.text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+'[^']*\/i18n'/g)]
        .filter((m) => !m[1])
        .flatMap((m) => m[2]!.split(',').map((s) => s.trim()).filter((n) => n && !n.startsWith('type ')))
        .map((n) => `${f.file} imports ${n}`),
    );
    expect(translating).toEqual([]);
    // Nowhere in lib/ is a log line a text, or given an argument t() made.
    const stored = LIB.flatMap((f) =>
      [...f.text.matchAll(/(?:activity\.push|appendActivity)\(([^;]*)\);/g)].filter((m) => /\bmessage\s*:|\bt\(/.test(m[1]!)).map((m) => `${f.file}: ${m[0].slice(0, 80)}`),
    );
    expect(stored).toEqual([]);
    expect(LIB.filter((f) => /message: t\(/.test(f.text)).map((f) => f.file)).toEqual([]);
  });
});
