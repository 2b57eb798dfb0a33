// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { ClaimsPath } from '../../components/ClaimsPath';
import { Drops } from '../../components/Drops';
import { Popup } from '../../components/Popup';
import type { PopupState } from '../../lib/messages';

const NOW = 1_800_000_000_000;

const state = (extra: Partial<PopupState> = {}): PopupState => ({
  session: { status: 'logged-in', login: 'viewer', checkedAt: NOW },
  channel: { login: 'streamer', displayName: 'Streamer', balance: 12_450, live: true, multiplier: 1.2, updatedAt: NOW - 60_000, source: 'active-tab' },
  watching: [{ login: 'streamer', displayName: 'Streamer', reason: { rule: 'ORDER' }, passive: false, drops: true, balance: 12_450, streamMinutes: 3, hourGain: 120 }],
  drops: { campaigns: [], history: [] },
  predictions: { open: [], recent: [], won: 0, lost: 0, net: 0 },
  mutations: { path: 'page-token', blocked: false, activation: null },
  paused: false,
  realtime: 'open',
  activity: [{ ts: NOW - 5000, kind: 'points', level: 'info', message: 'Streamer: bonus chest claimed, +50', count: 2 }],
  ...extra,
});

async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(node, root));
  await act(async () => new Promise((r) => setTimeout(r, 10)));
  return root;
}

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
