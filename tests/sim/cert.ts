import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cert {
  key: string;
  cert: string;
}

/**
 * A fresh self-signed certificate, made with openssl, for the hosts the simulator plays: twitch.tv and its
 * subdomains (gql, id, hermes, spade, www), the static host under twitchcdn.net, localhost and 127.0.0.1.
 */
export function makeCert(): Cert {
  const dir = mkdtempSync(join(tmpdir(), 'minert-sim-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2',
        '-subj', '/CN=twitch.tv',
        '-addext',
        'subjectAltName=DNS:twitch.tv,DNS:*.twitch.tv,DNS:*.twitchcdn.net,DNS:localhost,IP:127.0.0.1',
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
