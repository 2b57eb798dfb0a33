import { describe, expect, it } from 'vitest';
import { isTwitchHost } from '../../lib/twitch/constants';
import { channelFromUrl, isTwitchPageUrl } from '../../lib/twitch/urls';

describe('twitch URLs', () => {
  it.each([
    ['https://www.twitch.tv/Streamer', 'streamer'],
    ['https://www.twitch.tv/streamer/videos', 'streamer'],
    ['https://twitch.tv/some_one?x=1', 'some_one'],
    ['https://m.twitch.tv/abc', 'abc'],
    ['https://www.twitch.tv/popout/abc/chat', 'abc'],
    ['https://www.twitch.tv/', null],
    ['https://www.twitch.tv/directory/category/x', null],
    ['https://www.twitch.tv/settings/profile', null],
    ['https://www.twitch.tv/drops/inventory', null],
    ['https://www.twitch.tv/a-b', null],
    ['http://www.twitch.tv/streamer', null],
    ['https://www.twitch.tv.evil.example/streamer', null],
    ['https://clips.twitch.tv/streamer', null],
    [undefined, null],
  ])('%s is channel %s', (url, login) => {
    expect(channelFromUrl(url)).toBe(login);
  });

  it('sends the token to twitch hosts over https only', () => {
    expect(isTwitchHost('https://gql.twitch.tv/gql')).toBe(true);
    expect(isTwitchHost('https://id.twitch.tv/oauth2/validate')).toBe(true);
    expect(isTwitchHost('http://gql.twitch.tv/gql')).toBe(false);
    expect(isTwitchHost('https://twitch.tv.evil.example/gql')).toBe(false);
    expect(isTwitchHost('https://eviltwitch.tv/gql')).toBe(false);
    expect(isTwitchPageUrl('https://gql.twitch.tv/')).toBe(false);
  });
});

describe('the active tab', () => {
  it('names the channel of the active twitch tab of this window, and nothing for other tabs', async () => {
    const { activeTabChannel } = await import('../../lib/tabs');
    const tabs = [
      { url: 'https://www.twitch.tv/SomeStreamer', active: false, windowId: 1 },
      { url: 'https://example.com/', active: true, windowId: 1 },
      { url: 'https://www.twitch.tv/other', active: true, windowId: 2 },
    ];
    // WXT's fake browser cannot activate tabs: a stub that answers the query the way Chrome does (window 1 is current).
    const browser = {
      tabs: {
        query: async (q: { active?: boolean; currentWindow?: boolean }) =>
          tabs.filter((t) => (q.active === undefined || t.active === q.active) && (!q.currentWindow || t.windowId === 1)),
      },
    } as unknown as Parameters<typeof activeTabChannel>[0];
    expect(await activeTabChannel(browser)).toBeNull();
    tabs[0]!.active = true;
    tabs[1]!.active = false;
    expect(await activeTabChannel(browser)).toBe('somestreamer');
  });
});
