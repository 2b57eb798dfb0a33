import type { IncomingMessage } from 'node:http';

/** The host a request names, without port, lower case. */
export const hostOf = (req: IncomingMessage) => (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();

/** The OAuth token of the Authorization header (OAuth or Bearer). */
export function tokenOf(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  const m = typeof auth === 'string' ? /^(?:OAuth|Bearer)\s+(\S+)$/i.exec(auth) : null;
  return m ? m[1]! : null;
}

/** A request header's value, when it is given once. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** A cookie the request carries, decoded. */
export function cookieOf(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A .twitch.tv cookie; not HttpOnly, so twitch.tv's page script reads auth-token and unique_id as the real one does. */
export function cookie(name: string, value: string, maxAge: number): string {
  return `${name}=${value}; Domain=.twitch.tv; Path=/; Max-Age=${maxAge}; Secure; SameSite=None`;
}
