/**
 * `npm run demo [-- --firefox]`: Minert against the Twitch simulator, no Twitch account needed.
 * Builds the extension for the browser (`wxt build`, or `wxt build -b firefox --mv3` with --firefox), starts the
 * simulator with the demo world, opens Chromium (or Debian's Firefox ESR) with the built extension, its twitch.tv
 * traffic sent to the simulator, and plays the story (scripts/demo-story.ts): a drop mined and claimed, a bonus chest
 * claimed, a bet placed and won. Each step is printed as it happens; the popup is saved at each one in demo-output/.
 * Without a display (or DEMO_HEADLESS=1) it runs headless until the story is complete or DEMO_SECONDS (240) passed,
 * prints a summary and exits: 0 when the story completed, 1 when not. With a display the browser stays open until Ctrl+C.
 * --no-build skips the build (the one in .output/ is used). DEMO_VERBOSE=1 prints every request.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startSim } from '../tests/sim/server';
import { launchChromium, launchFirefoxEsr, type DemoBrowser } from './demo-browsers';
import { demoWorld, MILESTONES, runStory, within, type Milestone } from './demo-story';

const args = process.argv.slice(2);
const unknown = args.filter((a) => !['--firefox', '--no-build'].includes(a));
if (unknown.length) {
  console.error(`unknown argument ${unknown.join(' ')}: npm run demo [-- --firefox] [--no-build]`);
  process.exit(2);
}
const firefox = args.includes('--firefox');
const headless = process.env.DEMO_HEADLESS === '1' || (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);
const seconds = Number(process.env.DEMO_SECONDS ?? 240);
if (!Number.isFinite(seconds) || seconds <= 0) {
  console.error(`DEMO_SECONDS must be a number of seconds, not ${process.env.DEMO_SECONDS}`);
  process.exit(2);
}
const SHOTS = 'demo-output';
const began = Date.now();

if (!args.includes('--no-build')) {
  const build = firefox ? ['wxt', 'build', '-b', 'firefox', '--mv3'] : ['wxt', 'build'];
  console.log(`$ npx ${build.join(' ')}`);
  const built = spawnSync('npx', build, { stdio: 'inherit' });
  if (built.status !== 0) {
    console.error(`the build failed (npx ${build.join(' ')}: ${built.error?.message ?? `exit ${built.status}`})`);
    process.exit(1);
  }
}
const buildSeconds = Math.round((Date.now() - began) / 1000);

const sim = await startSim({ port: Number(process.env.SIM_PORT ?? 0) || undefined, world: demoWorld });
console.log(`Twitch simulator on https://127.0.0.1:${sim.port} (playing twitch.tv, gql, id, hermes and spade)`);

let browser: DemoBrowser;
try {
  browser = firefox ? await launchFirefoxEsr(sim, headless) : await launchChromium(sim, headless);
} catch (e) {
  console.error(`could not start ${firefox ? 'Firefox ESR' : 'Chromium'}: ${(e as Error).message}`);
  await sim.close();
  process.exit(1);
}
console.log(browser.describe);
mkdirSync(SHOTS, { recursive: true });
// This browser's screenshots of an earlier run go, so demo-output/ shows this run's story.
for (const f of readdirSync(SHOTS)) if (f.startsWith(`${browser.name}-`) && f.endsWith('.png')) rmSync(join(SHOTS, f));

let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await within(browser.close(), 20_000, 'closing the browser').catch(() => {});
  await sim.close();
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(1));
// Headless, the demo ends on its own: should the browser stop answering, it still ends, saying so.
if (headless) {
  setTimeout(() => {
    console.error(`\nthe demo did not end within ${seconds + 90} s (DEMO_SECONDS + 90): the browser stopped answering?`);
    process.exit(1);
  }, (seconds + 90) * 1000).unref();
}

const story = await runStory(sim, browser, { deadlineMs: Date.now() + seconds * 1000, shotsDir: SHOTS, verbose: process.env.DEMO_VERBOSE === '1' }).catch(async (e) => {
  console.error(`the demo failed: ${(e as Error).stack ?? e}`);
  await stop(1);
  throw e;
});

const label: Record<Milestone, string> = { drop: 'drop mined and claimed', chest: 'bonus chest claimed', bet: 'bet placed', won: 'prediction won' };
console.log(`\n== Minert demo in ${firefox ? 'Firefox ESR' : 'Chromium'}: ${story.missed.length ? 'story NOT complete' : 'story complete'}`);
for (const m of MILESTONES) console.log(`  ${story.done.has(m) ? '✔' : '✘'} ${label[m]}${story.at[m] !== undefined ? ` at +${story.at[m]} s` : ''}`);
console.log(`  ${story.seconds} s of story (${buildSeconds} s build), ${story.requests} requests to the simulated Twitch`);
console.log(`  screenshots: ${story.screenshots.join(', ') || 'none'}`);

if (story.missed.length) {
  console.error(`\nThe story did not complete within ${seconds} s (DEMO_SECONDS): no ${story.missed.map((m) => label[m]).join(', no ')}.`);
  if (headless) await stop(1);
}
if (headless) await stop(0);
else {
  await browser.showPopup().catch(() => {});
  console.log('\nThe browser stays open: the popup in one tab, the simulated twitch.tv in another. Ctrl+C to stop.');
}
