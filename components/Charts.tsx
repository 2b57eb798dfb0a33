import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { formatNumber, t } from '../lib/i18n';
import type { Stats } from '../lib/messages/options';
import { signed } from './format';

const W = 300;
const H = 80;
const COLORS = ['var(--accent)', 'var(--good)', 'var(--bad)', 'var(--warn)'];

/** Lines of (time, value) points, each scaled to the same box: for balances over time. */
function Lines({ series, label }: { series: { name: string; points: [number, number][] }[]; label: string }) {
  const all = series.flatMap((s) => s.points);
  if (all.length < 2) return <p class="hint">{t('notEnoughHistory')}</p>;
  const [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  const [y0, y1] = [Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  const x = (v: number) => ((v - x0) / Math.max(1, x1 - x0)) * (W - 4) + 2;
  const y = (v: number) => H - 2 - ((v - y0) / Math.max(1, y1 - y0)) * (H - 4);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label} preserveAspectRatio="none">
        <line x1="0" x2={W} y1={H - 1} y2={H - 1} class="axis" />
        {series.map((s, i) => (
          <polyline key={s.name} fill="none" stroke={COLORS[i % COLORS.length]} stroke-width="2" vector-effect="non-scaling-stroke" points={s.points.map(([tt, v]) => `${x(tt)},${y(v)}`).join(' ')} />
        ))}
      </svg>
      <figcaption class="legend">
        {series.map((s, i) => (
          <span key={s.name}>
            <i style={{ background: COLORS[i % COLORS.length] }} />
            {s.name} {formatNumber(s.points.at(-1)?.[1] ?? 0)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** Bars with their labels: minutes per day, drops per game. */
function Bars({ bars, label, axis }: { bars: { name: string; value: number }[]; label: string; axis?: boolean }) {
  if (bars.every((b) => b.value === 0)) return <p class="hint">{t('nothingYet')}</p>;
  const max = Math.max(...bars.map((b) => b.value));
  const bw = W / bars.length;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={label} preserveAspectRatio="none">
        {bars.map((b, i) => {
          const h = Math.max(b.value > 0 ? 2 : 0, (b.value / max) * (H - 4));
          return (
            <rect key={b.name} x={i * bw + 1} y={H - h} width={Math.max(1, bw - 2)} height={h} rx="2" class="bar-rect">
              <title>{`${b.name}: ${formatNumber(b.value)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption class="legend">
        {axis ? (
          <>
            <span>{bars[0]?.name}</span>
            <span class="grow" />
            <span>{t('max', formatNumber(max))}</span>
            <span class="grow" />
            <span>{bars.at(-1)?.name}</span>
          </>
        ) : (
          bars.map((b) => (
            <span key={b.name}>
              {b.name} {formatNumber(b.value)}
            </span>
          ))
        )}
      </figcaption>
    </figure>
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
  const summary = t('betsSummary', s.bets.won, s.bets.lost, s.bets.refunded, signed(s.bets.net));
  return (
    <section class="card" data-testid="charts" aria-labelledby="charts-title">
      <h2 id="charts-title">{t('history')}</h2>
      <div class="charts">
        <div>
          <h3>{t('chartPoints')}</h3>
          <Lines series={s.balances.map((b) => ({ name: b.login, points: b.points }))} label={t('chartPointsLabel')} />
        </div>
        <div>
          <h3>{t('chartMinutes')}</h3>
          <Bars bars={s.minutesPerDay.map((d) => ({ name: d.day.slice(5), value: d.minutes }))} label={t('chartMinutesLabel')} axis />
        </div>
        <div>
          <h3>{t('predictions')}</h3>
          {betsTotal === 0 ? (
            <p class="hint">{t('noBetYet')}</p>
          ) : (
            <figure>
              <svg viewBox={`0 0 ${W} 14`} width="100%" height={14} role="img" aria-label={summary} preserveAspectRatio="none">
                <rect x="0" y="2" width={(s.bets.won / betsTotal) * W} height="10" rx="2" fill="var(--good)" />
                <rect x={(s.bets.won / betsTotal) * W} y="2" width={(s.bets.lost / betsTotal) * W} height="10" fill="var(--bad)" />
              </svg>
              <figcaption class="legend">{summary}</figcaption>
            </figure>
          )}
        </div>
        <div>
          <h3>{t('chartDrops')}</h3>
          <Bars bars={s.dropsPerGame.map((g) => ({ name: g.game, value: g.count }))} label={t('chartDropsLabel')} />
        </div>
      </div>
    </section>
  );
}
