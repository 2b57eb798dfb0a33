/** Paths of twitch.tv that are not channels. */
const RESERVED = new Set([
  'directory', 'downloads', 'drops', 'inventory', 'jobs', 'p', 'search', 'settings', 'subscriptions', 'turbo',
  'videos', 'wallet', 'friends', 'messages', 'prime', 'store', 'privacy', 'login', 'signup', 'logout', 'activate',
  'payments', 'bits', 'following', 'broadcast', 'creatorcamp', 'team', 'event', 'u', 'user', 'clips', 'moderator',
  'popout', 'embed', 'dashboard', 'legal', 'security', 'products', 'sim',
]);

const LOGIN = /^[a-zA-Z0-9_]{1,25}$/;

export function isTwitchPageUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && (u.hostname === 'twitch.tv' || u.hostname === 'www.twitch.tv' || u.hostname === 'm.twitch.tv');
  } catch {
    return false;
  }
}

/** The channel login a twitch.tv page URL is about, or null (directory, settings, not twitch). */
export function channelFromUrl(url: string | undefined): string | null {
  if (!url || !isTwitchPageUrl(url)) return null;
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  let first = segments[0];
  // The pop-out player and chat name their channel second.
  if ((first === 'popout' || first === 'moderator') && segments[1]) first = segments[1];
  else if (!first || RESERVED.has(first.toLowerCase())) return null;
  return first && LOGIN.test(first) ? first.toLowerCase() : null;
}
