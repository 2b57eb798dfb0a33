import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Stats } from '../lib/messages';

const W = 260;
const H = 70;
const COLORS = ['#9147ff', '#1a9e4b', '#e91916', '#c77700'];

/** Lines of (time, value) points, each scaled to the same box: for balances over time. */
function Lines({ series, label }: { series: { name: string; points: [number, number][] }[]; label: string }) {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return <p class="muted small">Not enough history yet.</p>;
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const x = (t: number) => ((t - x0) / Math.max(1, x1 - x0)) * (W - 4) + 2;
  const y = (v: number) => H - 2 - ((v - y0) / Math.max(1, y1 - y0)) * (H - 4);
  return (
    <figure>
      <svg width={W} height={H} role="img" aria-label={label}>
        {series.map((s, i) => (
          <polyline key={s.name} fill="none" stroke={COLORS[i % COLORS.length]} stroke-width="1.5" points={s.points.map(([t, v]) => `${x(t)},${y(v)}`).join(' ')} />
        ))}
      </svg>
      <figcaption class="small">
        {series.map((s, i) => (
          <span key={s.name} style={{ color: COLORS[i % COLORS.length], marginRight: '8px' }}>
            ● {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Bars with their labels: minutes per day, drops per game. */
function Bars({ bars, label }: { bars: { name: string; value: number }[]; label: string }) {
  if (bars.every((b) => b.value === 0)) return <p class="muted small">Nothing yet.</p>;
  const max = Math.max(...bars.map((b) => b.value));
  const bw = (W - 4) / bars.length;
  return (
    <svg width={W} height={H + 12} role="img" aria-label={label}>
      {bars.map((b, i) => {
        const h = (b.value / max) * (H - 4);
        return (
          <g key={b.name}>
            <title>{`${b.name}: ${b.value}`}</title>
            <rect x={2 + i * bw + 1} y={H - h} width={Math.max(1, bw - 2)} height={h} fill="#9147ff" />
          </g>
        );
      })}
      <text x="2" y={H + 10} font-size="9" fill="currentColor" opacity=".6">
        {bars[0]?.name} … {bars.at(-1)?.name}
      </text>
    </svg>
  );
}

const stats = signal<Stats | null>(null);

/** The pictures: balances over time, minutes watched per day, bets won and lost, drops per game. */
export function Charts({ load }: { load: () => Promise<Stats> }) {
  useEffect(() => {
    load().then((s) => (stats.value = s), () => {});
  }, [load]);
  const s = stats.value;
  if (!s) return null;
  const betsTotal = s.bets.won + s.bets.lost + s.bets.refunded;
  return (
    <fieldset data-testid="charts">
      <legend>History</legend>
      <div class="charts">
        <div>
          <h3>Points, last 7 days</h3>
          <Lines series={s.balances.map((b) => ({ name: b.login, points: b.points }))} label="Channel points over the last 7 days" />
        </div>
        <div>
          <h3>Minutes watched, last 14 days</h3>
          <Bars bars={s.minutesPerDay.map((d) => ({ name: d.day.slice(5), value: d.minutes }))} label="Minutes watched per day" />
        </div>
        <div>
          <h3>Predictions</h3>
          {betsTotal === 0 ? (
            <p class="muted small">No bet yet.</p>
          ) : (
            <>
              <svg width={W} height={14} role="img" aria-label={`${s.bets.won} won, ${s.bets.lost} lost, ${s.bets.refunded} refunded`}>
                <rect x="0" y="2" width={(s.bets.won / betsTotal) * W} height="10" fill="#1a9e4b" />
                <rect x={(s.bets.won / betsTotal) * W} y="2" width={(s.bets.lost / betsTotal) * W} height="10" fill="#e91916" />
              </svg>
              <p class="small">
                {s.bets.won} won · {s.bets.lost} lost · {s.bets.refunded} refunded · net {s.bets.net >= 0 ? '+' : ''}
                {s.bets.net.toLocaleString('en-US')}
              </p>
            </>
          )}
        </div>
        <div>
          <h3>Drops claimed, per game</h3>
          <Bars bars={s.dropsPerGame.map((g) => ({ name: g.game, value: g.count }))} label="Drops claimed per game" />
        </div>
      </div>
    </fieldset>
  );
}
