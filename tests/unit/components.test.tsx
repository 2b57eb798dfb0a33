// @vitest-environment happy-dom
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import english from '../../public/_locales/en/messages.json';
import french from '../../public/_locales/fr/messages.json';
import { ClaimsPath } from '../../components/ClaimsPath';
import { Drops } from '../../components/Drops';
import { Health } from '../../components/Health';
import { Options, type OptionsProps } from '../../components/Options';
import { Popup } from '../../components/Popup';
import { formatMessage, useCatalog, type Catalog } from '../../lib/i18n';
import type { HealthView, Stats } from '../../lib/messages/options';
import type { PopupState } from '../../lib/messages/popup';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/store/settings';
import { mount } from './dom';
import { optionsProps, popupStateOf } from './helpers';

const NOW = 1_800_000_000_000;

const state = (extra: Partial<PopupState> = {}): PopupState =>
  popupStateOf(NOW, {
    channel: { login: 'streamer', displayName: 'Streamer', balance: 12_450, live: true, multiplier: 1.2, updatedAt: NOW - 60_000, source: 'active-tab' },
    watching: [{ login: 'streamer', displayName: 'Streamer', reason: { rule: 'ORDER' }, passive: false, drops: true, balance: 12_450, streamMinutes: 3, hourGain: 120 }],
    activity: [{ ts: NOW - 5000, kind: 'points', level: 'info', code: 'logBonusClaimedGain', args: ['Streamer', 50], count: 2 }],
    ...extra,
  });

describe('popup', () => {
  it('shows the session, the channel balance, what is watched and why, and the activity', async () => {
    const root = await mount(<Popup load={async () => state()} activate={async () => {}} setPaused={async () => {}} now={() => NOW} />);
    const text = root.textContent ?? '';
    expect(text).toContain('Logged in as viewer');
    expect(text).toContain('12,450 channel points');
    expect(text).toContain('×1.2');
    expect(text).toContain('your order');
    expect(text).toContain('+120/h');
    expect(text).toContain('Streamer: bonus chest claimed, +50 ×2');
    expect(root.querySelector('[data-testid="pause"]')?.getAttribute('aria-pressed')).toBe('false');
  });

  it('says how to log in when nobody is', async () => {
    const root = await mount(<Popup load={async () => state({ session: { status: 'logged-out', checkedAt: NOW }, channel: null })} activate={async () => {}} setPaused={async () => {}} now={() => NOW} />);
    expect(root.querySelector('a[href="https://www.twitch.tv/login"]')?.textContent).toBe('Log in to twitch.tv');
    expect(root.querySelector('[data-testid="watching"]')).toBeNull();
  });
});

describe('claims path', () => {
  it('offers the way out when claims are blocked, and the code during an activation', async () => {
    let activated = 0;
    const blocked = await mount(<ClaimsPath m={{ path: 'session-only', blocked: true, activation: null }} now={NOW} onActivate={() => activated++} />);
    expect(blocked.textContent).toContain('Twitch refused a claim (failed integrity check)');
    (blocked.querySelector('[data-testid="activate"]') as HTMLButtonElement).click();
    expect(activated).toBe(1);
    const pending = await mount(<ClaimsPath m={{ path: 'session-only', blocked: false, activation: { userCode: 'ABCDEFGH', verificationUri: 'https://www.twitch.tv/activate', expiresAt: NOW + 60_000 } }} now={NOW} onActivate={() => {}} />);
    expect(pending.textContent).toContain('ABCDEFGH');
    const activatedPath = await mount(<ClaimsPath m={{ path: 'activated', blocked: false, activatedAs: 'viewer', activation: null }} now={NOW} onActivate={() => {}} />);
    expect(activatedPath.textContent).toContain('activated as viewer');
  });
});

describe('drops', () => {
  it('draws a progress bar per drop, the time left, the link to connect an account, and the history', async () => {
    const root = await mount(
      <Drops
        now={NOW}
        drops={{
          campaigns: [
            { id: 'c', name: 'Launch', game: 'Game One', endAt: NOW + 3 * 3_600_000, mining: true, drops: [{ name: 'Hat', current: 30, required: 120, state: 'in-progress' }] },
            { id: 'd', name: 'Linked only', game: 'Game Two', endAt: NOW + 3_600_000, mining: false, note: 'not-linked', linkUrl: 'https://example.com/link', drops: [] },
          ],
          history: [{ dropName: 'Cape', game: 'Game One', claimedAt: NOW - 120_000, kind: 'claimed' }],
        }}
      />,
    );
    const bar = root.querySelector('[role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('30');
    expect((bar.firstElementChild as HTMLElement).style.width).toBe('25%');
    expect(root.textContent).toContain('30/120 min · 90 to go');
    expect(root.textContent).toContain('ends in 3h');
    expect(root.querySelector('a[href="https://example.com/link"]')?.textContent).toBe('link your account');
    expect(root.textContent).toContain('Cape');
  });
});

/** The options page's props, with one channel to show. */
const props = (over: Partial<OptionsProps> = {}) => optionsProps(over, [{ login: 'zed', displayName: 'Zed', live: true, prefs: { raids: false }, bets: {} }]);

describe('options page', () => {
  const submit = async (root: HTMLElement) => {
    await act(async () => void root.querySelector('form#settings')!.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true })));
    await act(async () => new Promise((r) => setTimeout(r, 10)));
  };
  const input = (root: ParentNode, name: string) => root.querySelector(`[name="${name}"]`) as HTMLInputElement & HTMLSelectElement;

  it('saves what the form says: switches, the rules in order, every bet setting', async () => {
    const { p, saved } = props();
    const root = await mount(<Options {...p} />);
    input(root, 'bonus').checked = false;
    input(root, 'notifyBets').checked = false;
    input(root, 'percentageGap').value = '35';
    input(root, 'filterBy').value = 'ODDS';
    input(root, 'filterWhere').value = 'LTE';
    input(root, 'filterValue').value = '2.5';
    // Streaks off; the multiplier rule on, then moved first with its arrows.
    await act(async () => (root.querySelector('[data-testid="rule-STREAK"] input') as HTMLInputElement).click());
    await act(async () => (root.querySelector('[data-testid="rule-SUBSCRIBED"] input') as HTMLInputElement).click());
    for (let i = 0; i < 2; i++) await act(async () => (root.querySelector('[aria-label="Move the rule Points multiplier up"]') as HTMLButtonElement).click());
    await submit(root);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      priorities: ['SUBSCRIBED', 'DROPS', 'ORDER'],
      notifyBets: false,
      notifyDrops: true,
      streamerDefaults: { bonus: false, moments: true, points: true },
      bets: { ...DEFAULT_SETTINGS.bets, percentageGap: 35, filter: { by: 'ODDS', where: 'LTE', value: 2.5 } },
    });
    expect(root.querySelector('[data-testid="status"]')?.textContent).toBe('Saved.');
  });

  it('keeps what the viewer typed when something else re-renders the page', async () => {
    const root = await mount(<Options {...props().p} />);
    input(root, 'percentage').value = '9';
    input(root, 'stealthMode').checked = true;
    // Choosing a strategy explains it at once (a re-render of the bet fields).
    input(root, 'strategy').value = 'HIGH_ODDS';
    await act(async () => void input(root, 'strategy').dispatchEvent(new Event('change', { bubbles: true })));
    expect(root.querySelector('#bets-strategy-hint')?.textContent).toContain('pays the most per point');
    expect(input(root, 'percentage').value).toBe('9');
    expect(input(root, 'stealthMode').checked).toBe(true);
  });

  it("edits one channel's bets: only the fields set are its own, and it can go back to the defaults", async () => {
    const { p, channelSaves } = props();
    const root = await mount(<Options {...p} />);
    const open = root.querySelector('[aria-label="zed: bet settings"]') as HTMLButtonElement;
    expect(open.getAttribute('aria-expanded')).toBe('false');
    await act(async () => open.click());
    const editor = root.querySelector('form[aria-label="zed: bet settings"]') as HTMLFormElement;
    // Blank fields show the default they follow.
    expect(input(editor, 'maxPoints').placeholder).toBe(String(DEFAULT_SETTINGS.bets.maxPoints));
    input(editor, 'strategy').value = 'NUMBER_2';
    input(editor, 'percentage').value = '3';
    input(editor, 'stealthMode').value = 'on';
    await act(async () => void editor.dispatchEvent(new Event('submit', { cancelable: true, bubbles: true })));
    expect(channelSaves.at(-1)).toEqual({ login: 'zed', bets: { strategy: 'NUMBER_2', percentage: 3, stealthMode: true } });
    await act(async () => (Array.from(editor.querySelectorAll('button')).find((b) => b.textContent === 'Use the defaults') as HTMLButtonElement).click());
    expect(channelSaves.at(-1)).toEqual({ login: 'zed', bets: null });
    // A switch of the channel: its own when set, the default otherwise.
    const raids = root.querySelector('[aria-label="zed: join and follow raids"]') as HTMLInputElement;
    expect(raids.checked).toBe(false);
    expect((root.querySelector('[aria-label="zed: claim moments"]') as HTMLInputElement).className).toBe('default');
  });

  it('draws the history', async () => {
    const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
    const stats: Stats = {
      balances: [{ login: 'zed', points: [[NOW - 3_600_000, 100], [NOW, 400]] }],
      minutesPerDay: [1, 2, 3].map((d) => ({ day: day(d), minutes: d * 60 })),
      bets: { won: 3, lost: 1, refunded: 0, net: 950 },
      dropsPerGame: [{ game: 'Game One', count: 2 }],
    };
    const root = await mount(<Options {...props({ stats: async () => stats }).p} />);
    const charts = root.querySelector('[data-testid="charts"]')!;
    expect(charts.querySelectorAll('polyline')).toHaveLength(1);
    expect(charts.querySelector('[aria-label="Minutes watched per day"]')!.querySelectorAll('rect')).toHaveLength(3);
    expect(charts.textContent).toContain('3 won · 1 lost · 0 refunded · net +950');
    expect(charts.textContent).toContain('Game One 2');
  });
});

describe('health tab', () => {
  const view: HealthView = {
    at: NOW,
    version: '0.3.0',
    session: { status: 'logged-in', login: 'viewer' },
    ops: [
      { name: 'ChannelPointsContext', ok: false, kind: 'persisted-query-not-found', at: NOW - 60_000, source: 'built-in' },
      { name: 'Inventory', ok: true, at: NOW - 60_000, source: 'learned', learnedAt: NOW - 3_600_000 },
    ],
    reads: { via: 'page', integrityExpiresAt: NOW + 600_000, pageSeenAt: NOW - 60_000, blocked: [] },
    claims: { path: 'activated', blocked: false, activatedAs: 'viewer', expiresAt: NOW + 3_600_000 },
    heartbeat: { transport: 'spade', creditedAt: NOW - 60_000, noneCredits: false, minutesLastHour: 40, creditsLastHour: 3 },
    blockedHosts: [{ host: 'spade.twitch.tv', error: 'net::ERR_NAME_NOT_RESOLVED', at: NOW - 5000 }],
    realtime: 'open',
    recent: [{ ts: NOW - 1000, level: 'info', code: 'logNothingNew', args: [] }],
  };

  it('shows each operation with its hash source, the paths, the blocked host, and copies diagnostics as JSON', async () => {
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async (text: string) => void (copied = text) }, configurable: true });
    const root = await mount(<Health load={async () => view} settings={async () => DEFAULT_SETTINGS} now={() => NOW} />);
    const ops = root.querySelector('[data-testid="health-ops"]')!.textContent!;
    expect(ops).toContain('ChannelPointsContext');
    expect(ops).toContain('hash retired by Twitch');
    expect(ops).toMatch(/learned from twitch\.tv on/);
    expect(root.querySelector('[data-testid="health-claims"]')!.textContent).toContain('through the activation');
    expect(root.querySelector('[data-testid="health-blocked"]')!.textContent).toContain('spade.twitch.tv');
    await act(async () => (root.querySelector('[data-testid="copy-diagnostics"]') as HTMLButtonElement).click());
    await act(async () => new Promise((r) => setTimeout(r, 10)));
    const report = JSON.parse(copied) as { diagnostics: HealthView; settings: Settings };
    expect(report.diagnostics.ops).toHaveLength(2);
    expect(report.settings.tickSeconds).toBe(DEFAULT_SETTINGS.tickSeconds);
    expect(root.querySelector('[data-testid="health-status"]')!.textContent).toContain('Diagnostics copied');
  });
});

describe('translations', () => {
  const UMLAUT: Record<string, string> = { a: 'ä', e: 'ë', i: 'ï', o: 'ö', u: 'ü', A: 'Ä', E: 'Ë', I: 'Ï', O: 'Ö', U: 'Ü' };
  /** A made-up language: every message's vowels changed, its placeholders kept. */
  const pseudo: Catalog = Object.fromEntries(
    Object.entries(english as Catalog).map(([k, e]) => [k, { ...e, message: e.message.replace(/(\$[A-Za-z0-9_@]+\$)|[aeiouAEIOU]/g, (m, ph) => ph ?? UMLAUT[m]) }]),
  );
  afterEach(() => useCatalog(english, { strict: true }));

  it('show the stored activity in the language of the moment, its arguments translated too', async () => {
    const line = (code: PopupState['activity'][number]['code'], args: PopupState['activity'][number]['args']) => ({ ts: NOW - 1000, kind: 'x', level: 'info' as const, code, args, count: 1 });
    const activity = [
      line('logNoBet', ['zed', 'Who wins?', { code: 'noBetBalance', args: [1000] }]),
      line('logWatching', [{ list: [{ code: 'logWatchingChannel', args: ['alpha', { code: 'reasonStreak', args: [] }] }, { code: 'logWatchingChannel', args: ['beta', { code: 'reasonRaid', args: ['gamma'] }] }] }]),
      line('logLegacy', ['alpha: bonus chest claimed, +50']),
    ];
    const shown = async () => (await mount(<Popup load={async () => state({ activity, activitySkipped: 2 })} activate={async () => {}} setPaused={async () => {}} now={() => NOW} />)).querySelector('[data-testid="activity"]')!.textContent;
    const inEnglish = await shown();
    expect(inEnglish).toContain('zed: "Who wins?": no bet (balance below 1,000)');
    expect(inEnglish).toContain('Watching alpha (watch streak), beta (raid from gamma)');
    expect(inEnglish).toContain('alpha: bonus chest claimed, +50');
    expect(inEnglish).toContain('2 lines of the log could not be read');
    useCatalog(french, { language: 'fr', strict: true });
    const fr = french as Catalog;
    const inFrench = await shown();
    const balance = formatMessage(fr, 'noBetBalance', [(1000).toLocaleString('fr')]);
    expect(inFrench).toContain(formatMessage(fr, 'logNoBet', ['zed', 'Who wins?', balance]));
    expect(inFrench).toContain(formatMessage(fr, 'logWatchingChannel', ['beta', formatMessage(fr, 'reasonRaid', ['gamma'])]));
    expect(inFrench).not.toContain('balance below');
    // A line written by an older version stays as it was written.
    expect(inFrench).toContain('alpha: bonus chest claimed, +50');
  });

  it('leave no English in the popup or the options page', async () => {
    useCatalog(pseudo, { strict: true });
    const full = state({
      drops: { campaigns: [{ id: 'c', name: 'zzz', game: 'qqq', endAt: NOW + 3_600_000, mining: true, drops: [{ name: 'xxx', current: 1, required: 2, state: 'in-progress' }] }], history: [] },
      predictions: { open: [{ login: 'zed', title: 'qqq', betAt: NOW + 5000, closesAt: NOW + 60_000 }], recent: [], won: 1, lost: 0, net: 5 },
      activity: [],
    });
    const popup = await mount(<Popup load={async () => full} activate={async () => {}} setPaused={async () => {}} openOptions={() => {}} now={() => NOW} />);
    const { p } = props();
    const options = await mount(<Options {...p} />);
    // Each text node apart (textContent would glue neighbours into one word), and the texts of attributes.
    const texts = (n: Node): string[] => (n.nodeType === 3 ? [n.textContent ?? ''] : Array.from(n.childNodes).flatMap(texts));
    const attributes = (root: HTMLElement) =>
      Array.from(root.querySelectorAll('[aria-label],[placeholder],[title]')).flatMap((e) => ['aria-label', 'placeholder', 'title'].map((a) => e.getAttribute(a) ?? ''));
    const shown = (root: HTMLElement) => [...texts(root), ...attributes(root)].join(' ');
    const english_words = new Set(Object.values(english as Catalog).flatMap((e) => e.message.replace(/\$[A-Za-z0-9_@]+\$/g, ' ').match(/[A-Za-z]{4,}/g) ?? []));
    for (const root of [popup, options]) {
      const words = shown(root).match(/[A-Za-z]{4,}/g) ?? [];
      // Data (logins, titles) is not translated; the rest is: strategy codes and channel names are not English words.
      const leaked = words.filter((w) => english_words.has(w) && !['Minert', 'twitch', 'viewer', 'Streamer', 'streamer'].includes(w));
      expect(leaked, root === popup ? 'popup' : 'options').toEqual([]);
    }
  });
});
