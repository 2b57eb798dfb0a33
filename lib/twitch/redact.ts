/**
 * Keeps the auth token out of logs. Every log line that leaves lib/twitch goes through `redact`, which
 * removes any registered secret and anything shaped like an `OAuth <token>` header.
 */
const secrets = new Set<string>();

export function registerSecret(secret: string): void {
  if (secret.length >= 8) secrets.add(secret);
}

export function redact(text: string): string {
  let out = text.replace(/(OAuth|Bearer)\s+[A-Za-z0-9]+/gi, '$1 [redacted]');
  for (const s of secrets) out = out.split(s).join('[redacted]');
  return out;
}

export type Logger = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

/** The console logger; every message is redacted first. */
export const consoleLogger: Logger = (level, message) => {
  console[level === 'debug' ? 'log' : level](`[minert] ${redact(message)}`);
};

export const silentLogger: Logger = () => {};
