import { expect, test } from 'vitest';
import { ROTATED_READS, rotatedHash } from '../sim/hashes';
import { rotatedWorld } from '../e2e-shared/worlds';
import { withFirefox } from './firefox';

type Health = { ops: Record<string, { ok: boolean; kind?: string; source?: string }> };
type Learned = Record<string, { hash: string }[]>;


test("learns the new hashes from a twitch.tv tab's request body (Firefox's requestBody, originUrl) and reads again", () =>
  withFirefox('hashes', rotatedWorld, async ({ ff }) => {
    const kv = <T>(key: string) => ff.background<T | null>('(bg, key) => bg.db.get("kv", key).then((v) => v ?? null)', key);
    await ff.logInByCookie('viewer');
    await expect.poll(async () => {
      await ff.tick();
      return (await kv<Health>('wire-health'))?.ops.ViewerDropsDashboard?.kind;
    }, { timeout: 30_000 }).toBe('persisted-query-not-found');
    expect(await kv('campaigns')).toBeNull();

    const tab = await ff.openTab('https://www.twitch.tv/');
    await expect.poll(async () => Object.keys((await kv<Learned>('learned-hashes')) ?? {}).sort(), { timeout: 20_000 }).toEqual([...ROTATED_READS].sort());
    const learned = (await kv<Learned>('learned-hashes'))!;
    for (const op of ROTATED_READS) expect(learned[op]!.map((l) => l.hash), op).toEqual([rotatedHash(op)]);
    await tab.close();

    // The background's own tick on learning them reads the campaigns and the balance again.
    await expect.poll(async () => (await kv<{ at: number }>('campaigns'))?.at ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(async () => ff.background<number | null>('(bg) => bg.db.get("channels", "questing").then((c) => c?.balance ?? null)'), { timeout: 20_000 }).toBe(20_000);
    const health = (await kv<Health>('wire-health'))!;
    for (const op of ROTATED_READS) expect(health.ops[op], op).toMatchObject({ ok: true, source: 'learned' });
  }));
