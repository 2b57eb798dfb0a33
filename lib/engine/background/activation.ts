import type { WxtBrowser } from 'wxt/browser';
import type { Clock } from '../../clock';
import type { ActivityText } from '../../activity';
import type { Db } from '../../store/db';
import { deleteKv, readKv, writeKv } from '../../store/kv';
import { appendActivity, getSession } from '../../store/repos';
import { validateToken } from '../../twitch/auth';
import { pollDeviceToken, startDeviceFlow, type DeviceCode } from '../../twitch/device';
import { describeError } from '../../twitch/errors';
import type { Transport } from '../../twitch/http';


export interface ActivationView {
  userCode: string;
  verificationUri: string;
  expiresAt: number;
}

/**
 * One-click activation: starts the device-code login, opens twitch.tv's activation page as Twitch names it (the code
 * is in it already), and polls for the token while the worker is awake; the pending code survives a restart.
 */
export class Activation {
  private polling: string | null = null;

  constructor(private readonly deps: { browser: WxtBrowser; db: Db; clock: Clock; transport: Transport; activated: () => void }) {}

  async start(): Promise<ActivationView> {
    const { clock, transport, browser, db } = this.deps;
    const code = await startDeviceFlow(transport, clock.now());
    await writeKv(db, 'activation', code); // kept until it expires: a restarted worker polls on
    await browser.tabs.create({ url: code.verificationUri });
    this.poll(code, code.intervalMs);
    return view(code);
  }

  /** The pending code, if any and not expired. */
  async pending(): Promise<ActivationView | null> {
    const code = await this.stored();
    return code ? view(code) : null;
  }

  /** After a restart: polls on for a code still pending. */
  async resume(): Promise<void> {
    const code = await this.stored();
    if (code && this.polling !== code.deviceCode) this.poll(code, code.intervalMs);
  }

  async cancel(): Promise<void> {
    this.polling = null;
    await deleteKv(this.deps.db, 'activation');
  }

  private async stored(): Promise<DeviceCode | null> {
    const code = await readKv(this.deps.db, 'activation');
    return code && code.expiresAt > this.deps.clock.now() ? code : null;
  }

  private poll(code: DeviceCode, interval: number): void {
    this.polling = code.deviceCode;
    void this.deps.clock.sleep(interval).then(() => this.once(code, interval));
  }

  private async once(code: DeviceCode, interval: number): Promise<void> {
    const { clock, transport, db } = this.deps;
    if (this.polling !== code.deviceCode || (await this.stored())?.deviceCode !== code.deviceCode) return; // cancelled or replaced
    try {
      const r = await pollDeviceToken(transport, code, clock.now());
      if (r.state === 'pending' || r.state === 'slow-down') return this.poll(code, interval + (r.state === 'slow-down' ? 5_000 : 0));
      await this.cancel();
      if (r.state !== 'done') return this.note('warn', { code: r.state === 'denied' ? 'logActivationDenied' : 'logActivationExpired', args: [] });
      const v = await validateToken(transport, r.tokens.accessToken);
      const session = await getSession(db);
      if (session.userId && v.userId !== session.userId) return this.note('warn', { code: 'logActivationNotKept', args: [v.login, session.login ?? ''] });
      await writeKv(db, 'device-auth', { ...r.tokens, userId: v.userId, login: v.login, validatedAt: clock.now() });
      await this.note('info', { code: 'logActivated', args: [v.login] });
      this.deps.activated();
    } catch (e) {
      await this.cancel();
      await this.note('error', { code: 'logActivationFailed', args: [describeError(e)] });
    }
  }

  private async note(level: 'info' | 'warn' | 'error', what: ActivityText): Promise<void> {
    const tx = this.deps.db.transaction('activity', 'readwrite');
    await appendActivity(tx.store, { kind: 'auth', level, ...what }, this.deps.clock.now());
    await tx.done;
  }
}

const view = (c: DeviceCode): ActivationView => ({ userCode: c.userCode, verificationUri: c.verificationUri, expiresAt: c.expiresAt });
