import { describe, expect, it } from 'vitest';
import { MINT_AFTER_INTERRUPTED_MS, MINT_EVERY_MS, MINT_INTERRUPTED_RETRIES, MINT_REFRESH_BEFORE_MS, mintDecision, type MintInputs } from '../../lib/engine/mint';
import { observeRequest, type PageInputs, type RequestDetails } from '../../lib/engine/background/page-inputs';
import { PageRunner } from '../../lib/engine/background/page-runner';
import { readKv } from '../../lib/store/kv';
import { GQL_URL, WEB_CLIENT_ID } from '../../lib/twitch/constants';
import type { PageHeaders } from '../../lib/twitch/integrity';
import type { WxtBrowser } from 'wxt/browser';
import { freshDb } from './helpers';

const T0 = Date.UTC(2026, 11, 1, 12);
const MIN = 60_000;
const HOUR = 60 * MIN;

const page = (expiresAt: number): PageHeaders => ({ integrity: 'tok', clientId: WEB_CLIENT_ID, deviceId: 'd', sessionId: 's', expiresAt, seenAt: T0 });
const base: MintInputs = {
  enabled: true,
  active: true,
  page: null,
  readsRefused: false,
  activated: false,
  claimsRefused: false,
  claimDue: false,
  mintedBefore: false,
  lastAttemptAt: undefined,
};

describe('when Minert lets twitch.tv run out of sight for a token (a pure decision)', () => {
  it('gets one when reads or claims are refused, or a claim waits, and none is fresh', () => {
    expect(mintDecision({ ...base, readsRefused: true }, T0)).toBe('reads-refused');
    expect(mintDecision({ ...base, claimsRefused: true }, T0)).toBe('claims-refused');
    expect(mintDecision({ ...base, claimDue: true }, T0)).toBe('claim-due');
    // Reads come first when everything is wrong at once.
    expect(mintDecision({ ...base, readsRefused: true, claimsRefused: true, claimDue: true }, T0)).toBe('reads-refused');
    // Nothing needs it: nothing happens, even with no token at all.
    expect(mintDecision(base, T0)).toBeNull();
  });

  it('never when turned off, logged out or paused, or when the activation claims (it needs no integrity)', () => {
    expect(mintDecision({ ...base, readsRefused: true, enabled: false }, T0)).toBeNull();
    expect(mintDecision({ ...base, readsRefused: true, active: false }, T0)).toBeNull();
    expect(mintDecision({ ...base, activated: true, claimsRefused: true, claimDue: true }, T0)).toBeNull();
    // Reads still go through the web session: the activation does not serve them.
    expect(mintDecision({ ...base, activated: true, readsRefused: true }, T0)).toBe('reads-refused');
  });

  it('refreshes 2 minutes before the token runs out, not earlier', () => {
    const held = { ...base, mintedBefore: true, lastAttemptAt: T0 - 16 * HOUR };
    expect(mintDecision({ ...held, page: page(T0 + MINT_REFRESH_BEFORE_MS + 1) }, T0)).toBeNull();
    expect(mintDecision({ ...held, page: page(T0 + MINT_REFRESH_BEFORE_MS) }, T0)).toBe('expiring');
    expect(mintDecision({ ...held, page: page(T0 - HOUR) }, T0)).toBe('expiring');
    // A fresh token is enough whatever was refused before it came.
    expect(mintDecision({ ...held, readsRefused: true, claimsRefused: true, page: page(T0 + HOUR) }, T0)).toBeNull();
    // A token the viewer's own tab gave is not kept alive by Minert (the viewer's visits do that).
    expect(mintDecision({ ...base, page: page(T0 + MIN) }, T0)).toBeNull();
  });

  it('tries at most once every 10 minutes, whatever the outcome', () => {
    const refused = { ...base, readsRefused: true };
    expect(mintDecision({ ...refused, lastAttemptAt: T0 - MINT_EVERY_MS + 1 }, T0)).toBeNull();
    expect(mintDecision({ ...refused, lastAttemptAt: T0 - MINT_EVERY_MS }, T0)).toBe('reads-refused');
    // A last attempt "in the future" (the clock was set back) does not block for good.
    expect(mintDecision({ ...refused, lastAttemptAt: T0 + HOUR }, T0)).toBe('reads-refused');
  });

  it('tries again soon after an attempt its worker died in, a few times, then every 10 minutes', () => {
    const refused = { ...base, readsRefused: true, lastAttemptAt: T0 - MINT_AFTER_INTERRUPTED_MS };
    expect(mintDecision({ ...refused, interrupted: 1 }, T0)).toBe('reads-refused');
    expect(mintDecision({ ...refused, interrupted: 1, lastAttemptAt: T0 - MINT_AFTER_INTERRUPTED_MS + 1 }, T0)).toBeNull();
    expect(mintDecision({ ...refused, interrupted: MINT_INTERRUPTED_RETRIES }, T0)).toBe('reads-refused');
    // An attempt that kills its worker every time: back to one every 10 minutes.
    expect(mintDecision({ ...refused, interrupted: MINT_INTERRUPTED_RETRIES + 1 }, T0)).toBeNull();
    expect(mintDecision({ ...refused, interrupted: 0 }, T0)).toBeNull();
  });

  it('over simulated days: one page run per token lifetime when it works, six an hour at most when it never does', () => {
    const run = (ttlMs: number, works: boolean, hours: number) => {
      let held: PageHeaders | null = null;
      let last: number | undefined;
      let mintedBefore = false;
      let runs = 0;
      for (let now = T0; now < T0 + hours * HOUR; now += 30_000) {
        const usable = !!held && held.expiresAt - MIN > now;
        // The strict world: reads and claims are refused whenever no usable token is held.
        const reason = mintDecision({ ...base, page: held, readsRefused: !usable, claimsRefused: !usable, mintedBefore, lastAttemptAt: last }, now);
        if (!reason) continue;
        runs++;
        last = now;
        if (works) {
          held = page(now + ttlMs);
          mintedBefore = true;
        }
      }
      return runs;
    };
    // A run each time the token is 2 minutes from its end: every 15 h 58 min, every 58 min; else every 10 minutes.
    const sixteenHours = run(16 * HOUR, true, 96);
    const oneHour = run(HOUR, true, 24);
    const failing = run(16 * HOUR, false, 24);
    expect(sixteenHours).toBe(1 + Math.floor((96 * HOUR) / (16 * HOUR - MINT_REFRESH_BEFORE_MS)));
    expect(oneHour).toBe(1 + Math.floor((24 * HOUR) / (HOUR - MINT_REFRESH_BEFORE_MS)));
    expect(failing).toBe((24 * HOUR) / MINT_EVERY_MS);
  });
});

describe("the page's request, seen outside any tab", () => {
  const headers = [
    { name: 'Client-Integrity', value: 'v4.public.x' },
    { name: 'Client-Id', value: WEB_CLIENT_ID },
    { name: 'X-Device-Id', value: 'dev' },
    { name: 'Client-Session-Id', value: 'sess' },
  ];
  const inputs = async (ownFrame?: (d: RequestDetails) => boolean) => {
    const db = await freshDb();
    const ticks: string[] = [];
    const p: PageInputs = { db, clock: { now: () => T0, sleep: async () => {} }, tick: async (r) => void ticks.push(r), ownFrame };
    return { db, p, ticks };
  };
  const fromFrame = { url: GQL_URL, tabId: -1, frameId: 5, initiator: 'https://www.twitch.tv', requestId: '1', requestHeaders: headers };

  it('is kept only when it comes from the page Minert runs, never from Minert itself', async () => {
    const ignored = await inputs();
    await observeRequest(ignored.p, fromFrame);
    expect(await readKv(ignored.db, 'integrity')).toBeUndefined();
    const own = await inputs((d) => d.frameId === 5 && d.initiator === 'https://www.twitch.tv');
    // Minert's own fetch (it replays the set): outside any tab, from the extension, no frame of its page.
    await observeRequest(own.p, { ...fromFrame, frameId: -1, initiator: 'chrome-extension://abc' });
    expect(await readKv(own.db, 'integrity')).toBeUndefined();
    await observeRequest(own.p, fromFrame);
    expect(await readKv(own.db, 'integrity')).toMatchObject({ integrity: 'v4.public.x', deviceId: 'dev', sessionId: 'sess' });
    expect(own.ticks).toEqual(['integrity']);
  });

  it("PageRunner owns nothing while it runs no page (and so accepts no request outside a tab)", async () => {
    const runner = new PageRunner({ browser: {} as WxtBrowser, db: await freshDb(), clock: { now: () => T0, sleep: async () => {} }, logger: () => {} });
    expect(runner.owns(fromFrame)).toBe(false);
  });
});

describe('the tick says when a token is needed (its outcome feeds the page runner: no second read of the store)', () => {
  it('a chest waiting with no way through the integrity check: claim-due, then nothing while an attempt is recent', async () => {
    const { viewerWorld } = await import('./helpers');
    const { runTick } = await import('../../lib/engine/tick');
    const { writeKv } = await import('../../lib/store/kv');
    const { sim, deps, viewer, db } = await viewerWorld((w) => {
      w.addChannel('alpha', { live: true });
      w.follow(w.users.get('viewer')!, 'alpha');
    }, { claims: 'none' });
    const first = await runTick(deps, { reason: 'alarm' });
    expect(first.ran && first.mintReason).toBeNull();
    sim.world.offerClaim(viewer, 'alpha');
    sim.clock.advance(10 * MIN);
    const out = await runTick(deps, { reason: 'alarm' });
    expect(out.ran && out.mintReason).not.toBeNull();
    await writeKv(db, 'integrity-mint', { at: sim.clock.now(), ok: false, reason: 'claim-due', method: 'offscreen' });
    sim.clock.advance(30_000);
    const again = await runTick(deps, { reason: 'alarm' });
    expect(again.ran && again.mintReason).toBeNull();
  });
});
