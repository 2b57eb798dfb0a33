import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Both targets are Manifest V3: `wxt build` (Chrome) and `wxt build -b firefox --mv3` (Firefox event page).
export default defineConfig({
  manifestVersion: 3,
  vite: () => ({ plugins: [preact()] }),
  manifest: {
    // Strings from public/_locales (English first; a new language is a new folder there).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: the tick; cookies: the twitch.tv session (auth-token, unique_id); notifications: "drop claimed";
    // webRequest: to see the integrity token on twitch.tv's own GQL requests (observed, never blocked or changed).
    permissions: ['alarms', 'cookies', 'notifications', 'webRequest'],
    // twitch.tv: GQL, id, pages, the watch beacon (spade); static.twitchcdn.net: the settings script that names the
    // beacon URL. The README says why each is needed.
    host_permissions: ['https://*.twitch.tv/*', 'https://static.twitchcdn.net/*'],
    // No remote code, no eval: the pages run only the extension's own scripts.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    browser_specific_settings: {
      gecko: {
        id: 'minert@minert.dev',
        strict_min_version: '142.0',
        // Minert sends nothing anywhere but to Twitch, on the viewer's behalf. (Not yet in WXT's manifest type.)
        ...({ data_collection_permissions: { required: ['none'] } } as object),
      },
    },
  },
});
