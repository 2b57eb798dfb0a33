import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';

/**
 * Preact's renderer carries one HTML sink: `dom.innerHTML = props.dangerouslySetInnerHTML.__html`
 * (preact/src/diff/index.js, `diffElementNodes`). Minert never renders raw HTML, yet that assignment is bundled into
 * every page and is what AMO's linter reports as "Unsafe assignment to innerHTML" (UNSAFE_VAR_ASSIGNMENT). This plugin
 * removes the sink from the build: the assignment becomes a throw, so `dangerouslySetInnerHTML` fails loudly
 * instead of writing HTML. The build stops if the pattern is not found exactly once (a Preact upgrade that moved
 * it), rather than shipping the sink again silently. Only the extension's builds use it (`wxt` dev mode serves Vite's
 * pre-bundled Preact, and vitest runs Preact as is: neither is shipped or linted).
 */
function preactWithoutInnerHtml(): Plugin {
  // The minified dist assigns `<el>.innerHTML=<props>.__html`; a read (`…==t.innerHTML`) is left alone.
  const sink = /([\w$]+)\.innerHTML=([\w$]+)\.__html/g;
  return {
    name: 'minert:preact-without-inner-html',
    transform(code, id) {
      if (!id.split('?')[0]!.replaceAll('\\', '/').endsWith('/node_modules/preact/dist/preact.mjs')) return null;
      const found = code.match(sink)?.length ?? 0;
      if (found !== 1) this.error(`expected one innerHTML assignment in ${id}, found ${found}: update preactWithoutInnerHtml`);
      const out = code.replace(sink, 'void (()=>{throw new Error("dangerouslySetInnerHTML is not supported in Minert")})()');
      return { code: out, map: null };
    },
  };
}

// Both targets are Manifest V3: `wxt build` (Chrome) and `wxt build -b firefox --mv3` (Firefox event page).
export default defineConfig({
  manifestVersion: 3,
  vite: () => ({ plugins: [preact(), preactWithoutInnerHtml()] }),
  // `wxt zip -b firefox` also writes the sources zip AMO asks for (.output/minert-<version>-sources.zip): exactly what
  // it takes to rebuild the add-on, and store/BUILD.md, which tells a reviewer how (Node 20, npm ci, npm run
  // build:firefox). A list of what goes in, not of what stays out, so that no test output, screenshot or local file
  // slips in: a new folder the build reads must be added here (rebuild from the zip to check).
  zip: {
    excludeSources: ['**'],
    includeSources: [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'wxt.config.ts',
      'README.md',
      'CHANGELOG.md',
      'store/BUILD.md',
      'entrypoints/**',
      'components/**',
      'lib/**',
      'public/**',
    ],
  },
  hooks: {
    // Chrome's offscreen document (entrypoints/offscreen.html) holds twitch.tv's page out of sight; Firefox's event
    // page holds it itself and knows no such permission.
    'build:manifestGenerated': (wxt, manifest) => {
      if (wxt.config.browser === 'chrome') manifest.permissions = [...(manifest.permissions ?? []), 'offscreen'];
    },
  },
  manifest: {
    // Strings from public/_locales (English first; a new language is a new folder there).
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // alarms: the tick; cookies: the twitch.tv session (auth-token, unique_id); notifications: "drop claimed";
    // webRequest: to see the integrity token on twitch.tv's own GQL requests (observed, never blocked or changed).
    // declarativeNetRequestWithHostAccess: a session rule letting Minert's own document frame www.twitch.tv while its
    // page runs out of sight for an integrity token (Chrome also needs offscreen: added by the hook below).
    permissions: ['alarms', 'cookies', 'notifications', 'webRequest', 'declarativeNetRequestWithHostAccess'],
    // twitch.tv: GQL, id, pages, the watch beacon (spade); static.twitchcdn.net: the settings script that names the
    // beacon URL. The README says why each is needed.
    host_permissions: ['https://*.twitch.tv/*', 'https://static.twitchcdn.net/*'],
    // Webhook notifications (opt-in, lib/webhook.ts): nothing at install. When the viewer saves or tests a webhook, the
    // options page asks for that URL's one origin (https://discord.com/* for Discord, https://<host>/* for any other);
    // `https://*/*` is only the ceiling such a request must fit under, as a generic webhook may be on any https host.
    optional_host_permissions: ['https://*/*'],
    // No remote code, no eval: the pages run only the extension's own scripts.
    content_security_policy: { extension_pages: "script-src 'self'; object-src 'self'" },
    browser_specific_settings: {
      gecko: {
        id: 'minert@minert.dev',
        strict_min_version: '142.0',
        // Minert sends nothing anywhere but to Twitch, on the viewer's behalf, and to a webhook only if the viewer sets one
        // up (their own Discord or server): nothing reaches the developer. (Not yet in WXT's manifest type.)
        ...({ data_collection_permissions: { required: ['none'] } } as object),
      },
    },
  },
});
