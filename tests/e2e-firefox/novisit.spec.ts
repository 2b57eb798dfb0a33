import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { questWorld } from '../e2e-shared/worlds';
import { withFirefox } from './firefox';

/** The strict 2026 world (reads gated behind integrity, tokens bound to the page's whole header set). */
function world(w: World): void {
  w.strict2026();
  questWorld(w);
}

test('in the strict 2026 world, with twitch.tv never opened, Minert runs its page in the event page for a token: reads the campaigns, claims a chest and a drop', () =>
  withFirefox('novisit', world, async ({ sim, ff }) => {
    // Logged in to twitch.tv earlier: the cookies are there; no twitch.tv page is open or opened by the test.
    const viewer = await ff.logInByCookie('viewer');
    sim.world.offerClaim(viewer, 'questing');

    await expect.poll(async () => {
      await ff.tick();
      return sim.world.dropProgress(viewer, 'hat').claimed;
    }, { timeout: 60_000, interval: 500 }).toBe(true);
    await expect.poll(() => sim.world.pointEvents.filter((e) => e.reason === 'claim').length, { timeout: 30_000 }).toBe(1);
    expect(sim.world.claims.map((c) => c.status)).toEqual(['ELIGIBLE_FOR_ALL']);

    // The campaigns were read (gated behind integrity here); the popup says when and why, the log has the line.
    const state = await ff.popupState();
    expect(state.drops.history.map((h) => h.dropName)).toEqual(['Quest hat']);
    expect(state.wire.readsBlocked).toEqual([]);
    expect(state.mutations.minted).toMatchObject({ ok: true, reason: 'reads-refused' });
    const log = await ff.background<{ code: string; args: unknown[] }[]>('(bg) => bg.db.getAll("activity")');
    expect(log.filter((a) => a.code === 'logIntegrityMinted').map((a) => a.args.slice(0, 2))).toEqual([
      [{ code: 'mintWhyReadsRefused', args: [] }, { code: 'mintHowFrame', args: [] }],
    ]);

    // The page ran in a frame of the event page (no tab), once.
    const pageLoads = sim.requests.filter((r) => r.host === 'www.twitch.tv' && r.method === 'GET' && r.path === '/drops/inventory');
    expect(pageLoads.map((r) => r.headers['sec-fetch-dest'])).toEqual(['iframe']);
    expect((await ff.browser.pages()).map((p) => p.url()).filter((u) => u.includes('twitch.tv'))).toEqual([]);
    const record = await ff.background<{ method: string; tookMs: number; reason: string; failed: string[] }>('(bg) => bg.db.get("kv", "integrity-mint")');
    expect(record).toMatchObject({ method: 'frame', failed: [] });

    // With the token kept, a tick has nothing refused for integrity.
    const refused = sim.world.integrityRefusals.length;
    await ff.tick();
    expect(sim.world.integrityRefusals.slice(refused)).toEqual([]);
  }));
