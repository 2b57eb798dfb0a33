// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { Campaigns } from '../../components/Campaigns';
import { Options } from '../../components/Options';
import type { CampaignsView } from '../../lib/messages/options';
import { DEFAULT_SETTINGS } from '../../lib/store/settings';
import { mount } from './dom';
import { optionsProps } from './helpers';

const NOW = 1_800_000_000_000;
const HOUR = 3_600_000;

const view: CampaignsView = {
  at: NOW,
  readAt: NOW - 60_000,
  dropsEnabled: true,
  campaigns: [
    { id: 'a', name: 'Launch week', game: { name: 'Game One', boxArtUrl: 'https://art/one-{width}x{height}.jpg' }, startAt: NOW - HOUR, endAt: NOW + 24 * HOUR, state: 'active', linked: true, mined: true, mining: true, progressAt: NOW, drops: [{ id: 'd', name: 'Golden hat', current: 30, required: 60, state: 'in-progress' }] },
    { id: 'b', name: 'Link it', game: { name: 'Game Two' }, startAt: NOW - HOUR, endAt: NOW + 24 * HOUR, state: 'active', linked: false, linkUrl: 'https://link/two', mined: false, mining: false, reason: 'not-linked', drops: [{ id: 'e', name: 'Cape', current: 0, required: 120, state: 'in-progress' }] },
    { id: 'c', name: 'Next month', game: { name: 'Game One' }, startAt: NOW + 5 * HOUR, endAt: NOW + 50 * HOUR, state: 'upcoming', linked: true, mined: false, mining: false, reason: 'not-started', drops: [] },
  ],
  rewards: [
    { id: 'r', name: 'Sub and get a cape', brand: 'Brand X', game: 'Game One', state: 'active', endAt: NOW + 10 * HOUR, url: 'https://brand.example/redeem', subsGoal: 1, minutesGoal: 0, rewards: ['Cape', 'Hat'] },
  ],
  history: [{ dropName: 'Old hat', campaignName: 'Before', game: 'Game One', claimedAt: NOW - HOUR, kind: 'claimed' }],
};

const $ = <T extends Element = HTMLElement>(root: ParentNode, sel: string) => root.querySelector(sel) as unknown as T;
const change = async (el: HTMLInputElement | HTMLSelectElement, value: string, type = 'change') => {
  el.value = value;
  await act(async () => void el.dispatchEvent(new Event(type, { bubbles: true })));
};
const key = async (el: Element, k: string) => act(async () => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));

describe('the campaign browser', () => {
  it('shows each campaign with its game, drops and minutes, whether it is mined and why not, and filters them', async () => {
    const root = await mount(<Campaigns view={view} now={NOW} />);
    const a = $(root, '[data-testid="campaign-a"]');
    expect(a.textContent).toContain('Game One: Launch week');
    expect(a.textContent).toContain('mining now');
    expect(a.textContent).toContain('30/60 min');
    expect($<HTMLImageElement>(a, 'img.box-art').src).toBe('https://art/one-72x96.jpg');
    const b = $(root, '[data-testid="campaign-b"]');
    expect(b.querySelector('[data-testid="campaign-why"]')!.textContent).toBe('Not mined: account not linked');
    expect($<HTMLAnchorElement>(b, 'a').href).toBe('https://link/two');
    expect(b.textContent).toContain('120 min');
    expect($(root, '[data-testid="campaign-c"]').textContent).toContain('starts');
    expect($(root, '[data-testid="campaign-history"]').textContent).toContain('Old hat');
    // A reward campaign: listed apart, never mined, with what unlocks it and its link in a new tab.
    const r = $(root, '[data-testid="reward-r"]');
    expect(r.textContent).toContain('Brand X · Game One: Sub and get a cape');
    expect(r.textContent).toContain('not mined by Minert');
    expect(r.textContent).toContain('subscriptions needed: 1');
    expect(r.textContent).toContain('Rewards: Cape, Hat');
    const link = $<HTMLAnchorElement>(r, 'a');
    expect([link.href, link.target, link.rel]).toEqual(['https://brand.example/redeem', '_blank', 'noopener noreferrer']);

    const ids = () => Array.from(root.querySelectorAll('.campaign-list > li')).map((e) => e.getAttribute('data-testid'));
    await change($(root, '[data-testid="campaign-filter-state"]'), 'not-mined');
    expect(ids()).toEqual(['campaign-b', 'campaign-c']);
    await change($(root, '[data-testid="campaign-filter-game"]'), 'Game One');
    expect(ids()).toEqual(['campaign-c']);
    await change($(root, '[data-testid="campaign-filter-state"]'), 'mined');
    expect(ids()).toEqual(['campaign-a']);
    await change($(root, '[data-testid="campaign-filter-state"]'), 'upcoming');
    expect(ids()).toEqual(['campaign-c']);
  });
});

describe('the options page in tabs', () => {
  it('is a tab list whose arrows move between tabs, kept in the address, and saves the fields of every tab', async () => {
    location.hash = '';
    // A game already chosen, the campaigns known, the Health tab's content.
    const { p, saved } = optionsProps({
      load: async () => ({ ...DEFAULT_SETTINGS, drops: { ...DEFAULT_SETTINGS.drops, games: ['Old Game'] } }),
      campaigns: async () => view,
      health: <p data-testid="health-content">health</p>,
      now: () => NOW,
    });
    const root = await mount(<Options {...p} />);
    const tabs = Array.from(root.querySelectorAll('[role="tab"]'));
    expect(tabs.map((t) => t.textContent)).toEqual(['Watching', 'Drops', 'Campaigns', 'Points & bets', 'Channels', 'Charts', 'Claims & backup', 'Health']);
    expect($(root, '[role="tablist"]').getAttribute('aria-label')).toBeTruthy();
    const selected = () => root.querySelector('[role="tab"][aria-selected="true"]')!.id;
    expect(selected()).toBe('tab-watching');
    expect($(root, '#panel-watching').hidden).toBe(false);
    expect($(root, '#panel-drops').hidden).toBe(true);
    expect($(root, '#tab-watching').getAttribute('aria-controls')).toBe('panel-watching');
    expect($(root, '#panel-drops').getAttribute('aria-labelledby')).toBe('tab-drops');
    // Arrow keys: right to Drops (and into the address), left back, End to Health, Right wraps to the first.
    await key($(root, '#tab-watching'), 'ArrowRight');
    expect(selected()).toBe('tab-drops');
    expect(location.hash).toBe('#drops');
    expect(document.activeElement?.id).toBe('tab-drops');
    expect($(root, '#panel-drops').hidden).toBe(false);
    await key($(root, '#tab-drops'), 'End');
    expect(selected()).toBe('tab-health');
    expect($(root, '#panel-health').textContent).toBe('health');
    await key($(root, '#tab-health'), 'ArrowRight');
    expect(selected()).toBe('tab-watching');
    // The address chooses the tab (a reload, back and forward).
    location.hash = '#campaigns';
    await act(async () => void window.dispatchEvent(new HashChangeEvent('hashchange')));
    expect(selected()).toBe('tab-campaigns');
    expect($(root, '#panel-campaigns [data-testid="campaign-b"]').textContent).toContain('account not linked');

    // The game picker: offered the games of the known campaigns, with their box art; a game typed in; reordered.
    await act(async () => $<HTMLButtonElement>(root, '#tab-drops').click());
    const input = $<HTMLInputElement>(root, '[data-testid="drop-games-input"]');
    await act(async () => void input.dispatchEvent(new FocusEvent('focus')));
    await change(input, 'two', 'input');
    const options = () => Array.from(root.querySelectorAll('#games-options [role="option"]')).map((o) => o.textContent);
    expect(options()).toEqual(['Game Two', 'Add “two”']);
    await key(input, 'Enter');
    await change(input, 'Not Known, Yet', 'input');
    await key(input, 'Enter');
    const hidden = $<HTMLInputElement>(root, '[data-testid="drop-games"]');
    expect(hidden.value).toBe('Old Game\nGame Two\nNot Known, Yet');
    await act(async () => $<HTMLButtonElement>(root, '[aria-label="Move Not Known, Yet up"]').click());
    await act(async () => $<HTMLButtonElement>(root, '[aria-label="Remove Old Game"]').click());
    expect(hidden.value).toBe('Not Known, Yet\nGame Two');
    // Excluding offers the games of the campaigns too.
    const exclude = $<HTMLInputElement>(root, '[data-testid="drop-exclude-input"]');
    await act(async () => void exclude.dispatchEvent(new FocusEvent('focus')));
    await change(exclude, 'game', 'input');
    await key(exclude, 'ArrowDown');
    await key(exclude, 'Enter');
    expect($<HTMLInputElement>(root, '[data-testid="drop-exclude"]').value).toBe('Game Two');

    // Saving from the Drops tab sends the fields of the other tabs too.
    await act(async () => void $(root, 'form#settings').dispatchEvent(new Event('submit', { cancelable: true, bubbles: true })));
    await act(async () => new Promise((r) => setTimeout(r, 10)));
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ tickSeconds: DEFAULT_SETTINGS.tickSeconds, drops: { games: ['Not Known, Yet', 'Game Two'], exclude: ['Game Two'] }, priorities: DEFAULT_SETTINGS.priorities });
    expect($(root, '[data-testid="status"]').textContent).toBe('Saved.');
    location.hash = '';
  });
});
