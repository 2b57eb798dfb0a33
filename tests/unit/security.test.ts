import { describe, expect, it } from 'vitest';
import type { WxtBrowser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Background } from '../../lib/engine/background';
import { HANDLERS } from '../../lib/engine/background/handlers';
import type { Db } from '../../lib/store/db';
import { Transport } from '../../lib/twitch/http';
import { simFetch } from '../sim/fetch';
import { grantActivation, MIN, runTicks, viewerWorld } from './helpers';
import { activityText } from '../../lib/activity';

/** Every record of every store, as text, but the activation's own record (its tokens must be stored, and are). */
async function dump(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const store of db.objectStoreNames) {
    const keys = await db.getAllKeys(store);
    const values = await db.getAll(store);
    values.forEach((v, i) => {
      if (store === 'kv' && keys[i] === 'device-auth') return;
      parts.push(JSON.stringify(v));
    });
  }
  return parts.join('\n');
}

describe('the token stays where it belongs', () => {
  it('never enters the store (but the activation record), the logs or the popup, and goes to twitch.tv hosts only', async () => {
    const logs: string[] = [];
    const { sim, db, viewer, deps } = await viewerWorld((w, t) => {
      w.addChannel('alpha');
      w.follow(w.users.get('viewer')!, 'alpha');
      w.scheduleStream('alpha', t, t + 3_600_000);
    });
    const transport = new Transport({ fetch: simFetch(sim), clock: sim.clock.asClock(), logger: (_l, m) => logs.push(m), timeoutMs: 2000 });
    const run = { ...deps, transport };
    sim.faults.add('ChannelPointsContext', 'http-500', 3); // errors get logged too
    await runTicks(sim, run, 5 * MIN);
    await grantActivation(sim, db, viewer);
    sim.world.offerClaim(viewer, 'alpha');
    await runTicks(sim, run, 5 * MIN);
    const device = (await db.get('kv', 'device-auth')) as { accessToken: string; refreshToken: string };
    const secrets = [viewer.token, device.accessToken, device.refreshToken];

    const stored = await dump(db);
    const rows = await db.getAll('activity');
    const activity = [...rows.map(activityText), JSON.stringify(rows)].join('\n');
    fakeBrowser.reset();
    const bg = new Background({ browser: fakeBrowser as unknown as WxtBrowser, db, clock: sim.clock.asClock(), transport, logger: (_l, m) => logs.push(m) });
    const popup = JSON.stringify(await bg.popupState('alpha'));
    // The Health tab's answer is what "copy diagnostics" puts in a bug report.
    const health = JSON.stringify(await HANDLERS.health.run({ type: 'health' }, bg, {}));
    expect(health).toContain('ChannelPointsContext');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(logs.join('\n')).not.toContain(secret);
      expect(activity).not.toContain(secret);
      expect(popup).not.toContain(secret);
      expect(health).not.toContain(secret);
    }
    // Credentials went to twitch.tv hosts only; the player's hosts got none.
    for (const r of sim.requests) {
      const auth = r.headers.authorization;
      if (auth) expect(r.host, `${r.host}${r.path}`).toMatch(/(^|\.)twitch\.tv$/);
      if (r.host.endsWith('ttvnw.net') || r.host.endsWith('twitchcdn.net')) expect(auth).toBeUndefined();
    }
  });
});
