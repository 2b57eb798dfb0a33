// @vitest-environment happy-dom
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Popup } from '../../components/Popup';
import type { PopupState } from '../../lib/messages/popup';
import { popupStateOf } from './helpers';

const NOW = 1_800_000_000_000;

const state = (login: string): PopupState => popupStateOf(NOW, { session: { status: 'logged-in', login, checkedAt: NOW }, streaks: [] });

describe('the popup', () => {
  it("shows the state kept from the last opening at once, updating, then the background's answer in its place", async () => {
    let answer!: (s: PopupState) => void;
    const first = new Promise<PopupState>((r) => (answer = r));
    const load = () => first;
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => render(<Popup load={load} activate={async () => {}} setPaused={async () => {}} last={state('earlier')} now={() => NOW} />, root));
    expect(root.textContent).toContain('Logged in as earlier');
    expect(root.querySelector('[data-testid="refreshing"]')).not.toBeNull();
    await act(async () => answer(state('viewer')));
    await act(async () => new Promise((r) => setTimeout(r, 10)));
    expect(root.textContent).toContain('Logged in as viewer');
    expect(root.querySelector('[data-testid="refreshing"]')).toBeNull();
  });
});

/** The modules a file imports for their code (neither `import type` nor a dynamic `import()`), relative ones resolved. */
function codeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const typeOnly = (clause: string) => /^\{[^}]*\}$/.test(clause) && clause.slice(1, -1).split(',').every((s) => !s.trim() || s.trim().startsWith('type '));
  return [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:([^'";]*?)\s+from\s+)?'([^']+)'/gm)]
    .filter(([, clause]) => !clause || !typeOnly(clause.trim()))
    .map(([, , spec]) => {
      if (!spec!.startsWith('.')) return spec!;
      const base = resolve(dirname(file), spec!);
      const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find((p) => existsSync(p));
      return relative('.', found ?? base);
    });
}

describe("the popup's first load", () => {
  it('takes no zod: the messages and their schemas load after the first frame (entrypoints/popup/main.tsx)', () => {
    const importer = new Map<string, string>([['entrypoints/popup/main.tsx', '']]);
    const queue = ['entrypoints/popup/main.tsx'];
    for (let file = queue.shift(); file; file = queue.shift()) {
      for (const m of codeImports(file)) {
        if (importer.has(m)) continue;
        importer.set(m, file);
        if (/\.tsx?$/.test(m)) queue.push(m);
      }
    }
    const chain = (m: string): string => (importer.get(m) ? `${chain(importer.get(m)!)} -> ${m}` : m);
    expect([...importer.keys()].filter((m) => m === 'zod' || m.startsWith('zod/')).map(chain)).toEqual([]);
  });
});
