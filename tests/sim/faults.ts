/**
 * Fault injection. A rule targets an operation name (a GQL operationName or a recognised raw document's name,
 * "validate", the device-code login's "device" and "token", gql.twitch.tv's "integrity" endpoint, "page",
 * "settings", "spade", the realtime socket's upgrade "hermes", or "*") and fires for the next `times` matching
 * requests. A "hermes" upgrade fails with the status of an http-* kind; other kinds let it through.
 */
export type FaultKind =
  | 'http-500' // HTTP 500 with an HTML body, as a load balancer sends
  | 'http-503'
  | 'http-429' // throttled, with Retry-After
  | 'http-401' // the token is refused
  | 'timeout' // the request is held open and never answered
  | 'malformed-json' // HTTP 200 with a body that is not JSON
  | 'bad-shape' // HTTP 200, valid JSON, data of the wrong shape
  | 'integrity' // "failed integrity check", with extensions.challenge
  | 'service-error' // GQL error "service error"
  | 'pqnf'; // PersistedQueryNotFound

export interface FaultRule {
  target: string;
  kind: FaultKind;
  times: number;
  retryAfterSeconds?: number;
}

export class Faults {
  private rules: FaultRule[] = [];
  /** Every fault that fired, in order: tests assert on it. */
  readonly fired: { target: string; kind: FaultKind }[] = [];

  add(target: string, kind: FaultKind, times = 1, extra: Partial<FaultRule> = {}): void {
    this.rules.push({ target, kind, times, ...extra });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if a rule matches; consumes one of its times. */
  take(target: string): FaultRule | null {
    const rule = this.rules.find((r) => r.times > 0 && (r.target === target || r.target === '*'));
    if (!rule) return null;
    rule.times -= 1;
    this.fired.push({ target, kind: rule.kind });
    return rule;
  }

  pending(): number {
    return this.rules.reduce((n, r) => n + r.times, 0);
  }
}
