import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { screenshot, startWorld, stopWorld, unnamedControls, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;
const G1 = { id: 'g1', name: 'Game One' };
const G2 = { id: 'g2', name: 'Game Two' };

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld((w) => {
    const viewer = w.addUser('viewer');
    w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true, displayName: 'Gamer' });
    const t = w.clock.now();
    w.addCampaign({ id: 'camp', name: 'Launch week', game: G1, startAt: t - 60_000, endAt: t + 24 * 3_600_000, drops: [{ id: 'cape', name: 'Long cape', requiredMinutes: 120, benefit: { name: 'Long cape' } }] });
    // A campaign whose game account must be linked, and is not: listed, never mined, with the link.
    w.addCampaign({
      id: 'linkme',
      name: 'Link week',
      game: G2,
      startAt: t - 60_000,
      endAt: t + 48 * 3_600_000,
      accountLinkURL: 'https://example.com/link-game-two',
      drops: [{ id: 'sword', name: 'Sword', requiredMinutes: 30, benefit: { name: 'Sword' } }],
    });
    w.setAccountLinked(viewer, 'linkme', false);
    // A reward campaign (a sub bonus): listed with its link, never mined.
    w.addRewardCampaign({ id: 'subbonus', name: 'Sub bonus', brand: 'Brand X', startAt: t - 60_000, endAt: t + 24 * 3_600_000, subsGoal: 1, externalURL: 'https://example.com/redeem', rewards: [{ name: 'Bonus month' }] });
  }));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('the Campaigns tab lists the campaigns, mined or not and why, and the tabs keep the address', async () => {
  await ext.logIn();
  await expect.poll(async () => (await ext.tick(), (await ext.popupState()).drops.campaigns.length), { timeout: 30_000 }).toBe(2);

  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Campaigns' }).click();
  await expect(options).toHaveURL(/options\.html#campaigns$/);
  const mined = options.getByTestId('campaign-camp');
  await expect(mined).toContainText('Game One: Launch week');
  await expect(mined).toContainText('mining now');
  await expect(mined).toContainText('Long cape');
  const notMined = options.getByTestId('campaign-linkme');
  await expect(notMined).toContainText('Game Two: Link week');
  await expect(notMined.getByTestId('campaign-why')).toHaveText('Not mined: account not linked');
  await expect(notMined.getByRole('link', { name: 'link your account' })).toHaveAttribute('href', 'https://example.com/link-game-two');
  // The reward campaign: apart from the drop campaigns, said not mined, with what unlocks it and its link in a new tab.
  await expect(options.getByTestId('campaigns')).toContainText('Minert does not mine them');
  const reward = options.getByTestId('reward-subbonus');
  await expect(reward).toContainText('Brand X: Sub bonus');
  await expect(reward).toContainText('not mined by Minert');
  await expect(reward).toContainText('subscriptions needed: 1');
  await expect(reward).toContainText('Rewards: Bonus month');
  const rewardLink = reward.getByRole('link', { name: 'open the campaign' });
  await expect(rewardLink).toHaveAttribute('href', 'https://example.com/redeem');
  await expect(rewardLink).toHaveAttribute('target', '_blank');
  await expect(rewardLink).toHaveAttribute('rel', /noopener/);
  // Filters: by state, by game.
  await options.getByLabel('Show').selectOption('not-mined');
  await expect(options.locator('.campaign-list > li')).toHaveCount(1);
  await expect(options.locator('.campaign-list > li')).toContainText('Link week');
  await options.getByLabel('Show').selectOption('all');
  await options.getByLabel('Game', { exact: true }).selectOption('Game One');
  await expect(options.locator('.campaign-list > li')).toHaveCount(1);
  await options.getByLabel('Game', { exact: true }).selectOption('');
  await screenshot(options, 'options-campaigns', { fullPage: true });
  expect(await unnamedControls(options)).toEqual([]);

  // A reload stays on the tab; back and forward move between the tabs chosen; the arrow keys move too.
  await options.reload();
  await expect(options.getByRole('tab', { name: 'Campaigns' })).toHaveAttribute('aria-selected', 'true');
  await expect(options.getByTestId('campaign-camp')).toBeVisible();
  await options.getByRole('tab', { name: 'Drops' }).click();
  await expect(options).toHaveURL(/#drops$/);
  await options.goBack();
  await expect(options.getByRole('tab', { name: 'Campaigns' })).toHaveAttribute('aria-selected', 'true');
  await options.goForward();
  await expect(options.getByRole('tab', { name: 'Drops' })).toHaveAttribute('aria-selected', 'true');
  await options.getByRole('tab', { name: 'Drops' }).press('ArrowRight');
  await expect(options.getByRole('tab', { name: 'Campaigns' })).toBeFocused();
  await expect(options).toHaveURL(/#campaigns$/);
  await options.getByRole('tab', { name: 'Campaigns' }).press('ArrowLeft');

  // The game picker offers the games of the campaigns; the one chosen is saved, and Minert then mines only it.
  const input = options.getByTestId('drop-games-input');
  await input.fill('game');
  await expect(options.getByRole('option')).toHaveText(['Game One', 'Game Two', 'Add “game”']);
  await input.press('ArrowDown');
  await input.press('Enter');
  await expect(options.getByTestId('drop-games')).toHaveValue('Game Two');
  await options.locator('.save-bar').getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('status')).toHaveText('Saved.');
  expect((await ext.settings()).drops.games).toEqual(['Game Two']);
  await options.getByRole('tab', { name: 'Campaigns' }).click();
  await options.reload();
  await expect(options.getByTestId('campaign-camp').getByTestId('campaign-why')).toHaveText('Not mined: game not in your list');
});
