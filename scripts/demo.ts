/**
 * `npm run demo`: Minert against the Twitch simulator, no Twitch account needed.
 * Starts the simulator with a demo world, opens Chromium with the built extension (its twitch.tv traffic sent to
 * the simulator), logs in as the demo viewer, goes to a live channel and opens Minert's popup.
 * With a display the browser window stays open until Ctrl+C; without one (a server, CI) it runs headless for
 * DEMO_SECONDS (default 20), saves screenshots in demo-output/ and exits.
 */
import { mkdirSync } from 'node:fs';
import { launchWithExtension } from '../tests/e2e/browser';
import { startSim } from '../tests/sim/server';

const headless = process.env.DEMO_HEADLESS === '1' || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

const sim = await startSim({
  port: Number(process.env.SIM_PORT ?? 0) || undefined,
  world: (w) => {
    const viewer = w.addUser('demo_viewer');
    w.addChannel('minert_demo', { live: true, displayName: 'Minert_Demo', title: 'Mining points with no tab open', game: { id: '32982', name: 'Grand Theft Auto V' } });
    w.addChannel('lofi_beats', { live: true, displayName: 'Lofi_Beats', title: 'beats to mine to' });
    w.addChannel('night_owl', { displayName: 'Night_Owl' });
    w.setBalance(viewer, 'minert_demo', 12_450);
    w.setBalance(viewer, 'lofi_beats', 880);
    w.setBalance(viewer, 'night_owl', 35_100);
    w.setMultipliers(viewer, 'minert_demo', [0.2]);
    for (const login of ['minert_demo', 'lofi_beats', 'night_owl']) w.follow(viewer, login);
    // night_owl goes live two minutes in: watch Minert's schedule react.
    w.scheduleStream('night_owl', w.clock.now() + 2 * 60_000, w.clock.now() + 6 * 60 * 60_000);
  },
});
console.log(`Twitch simulator on https://127.0.0.1:${sim.port} (playing twitch.tv, gql, id, hermes and spade)`);

let seen = 0;
let lastCredit = 0;
const report = setInterval(() => {
  for (const r of sim.requests.slice(seen)) {
    const what = r.operations.length ? r.operations.join(', ') : r.path;
    console.log(`  ${new Date(r.at).toLocaleTimeString()}  ${r.method} ${r.host}  ${what}  -> ${r.status}`);
  }
  seen = sim.requests.length;
  const viewer = sim.world.users.get('demo_viewer')!;
  const credited = sim.world.creditedMinutes(viewer);
  if (credited !== lastCredit) {
    lastCredit = credited;
    const per = [...sim.world.channels.keys()].map((l) => `${l} ${sim.world.creditedMinutes(viewer, l)}`).join(', ');
    console.log(`  == minutes credited by the simulated Twitch: ${per}`);
  }
}, 500);

const ext = await launchWithExtension(sim, { headless });
console.log(`Chromium started with Minert (extension id ${ext.extensionId})${headless ? ', headless' : ''}`);

const page = await ext.context.newPage();
await page.goto('https://www.twitch.tv/sim/login?user=demo_viewer&next=/minert_demo');
const popup = await ext.context.newPage();
await popup.setViewportSize({ width: 380, height: 520 });
await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
await popup.getByTestId('balance').waitFor({ timeout: 20_000 }).catch(() => console.log('(the popup has no balance yet)'));

const stop = async () => {
  clearInterval(report);
  await ext.close().catch(() => {});
  await sim.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());

if (headless) {
  mkdirSync('demo-output', { recursive: true });
  await popup.screenshot({ path: 'demo-output/popup.png' });
  await page.screenshot({ path: 'demo-output/channel.png' });
  console.log('Screenshots: demo-output/popup.png, demo-output/channel.png');
  await new Promise((r) => setTimeout(r, Number(process.env.DEMO_SECONDS ?? 20) * 1000));
  await popup.reload();
  await popup.getByTestId('balance').waitFor({ timeout: 10_000 }).catch(() => {});
  await popup.screenshot({ path: 'demo-output/popup.png' });
  await stop();
} else {
  console.log('The popup is open in a tab. Browse the simulated twitch.tv in the other tab; Ctrl+C to stop.');
}
