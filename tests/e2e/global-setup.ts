import { chromiumPath } from './browser';

/**
 * Playwright's global setup: finds Debian's Chromium (installing it on a fresh Debian/Ubuntu machine where this may,
 * see chromiumPath) once, before any test starts its timeout, so the first run does not spend a test's 60 s on
 * apt-get. When it cannot, it throws with the command to run, and `playwright test` exits non-zero.
 */
export default function globalSetup(): void {
  chromiumPath();
}
