import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../lib/i18n';
import { WHERE_SIGN } from '../lib/labels';
import { Select } from './Select';
import { FILTER_KEYS, STRATEGIES, type BetSettings, type FilterKey, type Strategy } from '../lib/points/predictions';

const NUMBERS = ['percentage', 'percentageGap', 'maxPoints', 'minimumPoints', 'delay'] as const;
const WHERE = ['GT', 'GTE', 'LT', 'LTE'] as const;
const DELAY_MODES: Record<BetSettings['delayMode'], MessageKey> = { FROM_END: 'delayFromEnd', FROM_START: 'delayFromStart', PERCENTAGE: 'delayFraction' };

const strategyKey = (s: Strategy) => `strategy_${s}` as MessageKey;
const filterKey = (k: FilterKey) => `filter_${k}` as MessageKey;

/**
 * The fields of a bet setting. For the defaults (`own` unset) every field has a value. For one channel (`own` set to
 * the defaults), every field may be left to the default, which its placeholder or first option shows.
 */
export function BetFields({ v, own, idPrefix }: { v: Partial<BetSettings>; own?: BetSettings; idPrefix: string }) {
  const id = (name: string) => `${idPrefix}-${name}`;
  const num = (name: (typeof NUMBERS)[number], attrs: { min: number; max?: number; step: number | 'any' }) => (
    <input
      id={id(name)}
      name={name}
      type="number"
      {...attrs}
      defaultValue={v[name] ?? ''}
      placeholder={own ? String(own[name]) : undefined}
      required={!own}
      data-testid={own ? undefined : name}
    />
  );
  // For one channel, the first choice leaves the field to the default.
  const withDefault = (shown: string, options: [string, string][]): [string, string][] => (own ? [['', t('defaultValue', shown)], ...options] : options);
  const filterBy = v.filter === undefined ? (own ? '' : 'NONE') : v.filter === null ? 'NONE' : v.filter.by;
  // The chosen strategy, to explain it as soon as it is chosen.
  const [chosen, choose] = useState(v.strategy ?? '');
  const strategy = (chosen || own?.strategy || 'SMART') as Strategy;
  return (
    <div class="bet-fields">
      <div class="field">
        <label for={id('strategy')}>{t('strategy')}</label>
        <Select
          id={id('strategy')}
          name="strategy"
          initial={v.strategy ?? ''}
          options={withDefault(t(strategyKey(own?.strategy ?? 'SMART')), STRATEGIES.map((st) => [st, t(strategyKey(st))]))}
          onChange={choose}
          testid={own ? undefined : 'strategy'}
          describedBy={id('strategy-hint')}
        />
        <p class="hint" id={id('strategy-hint')}>
          {strategy.startsWith('NUMBER_') ? t('strategyHint_NUMBER', strategy.replace('NUMBER_', '')) : t(`strategyHint_${strategy}` as MessageKey)}
        </p>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={id('percentage')}>{t('betPercentage')}</label>
          {num('percentage', { min: 0, max: 100, step: 'any' })}
        </div>
        <div class="field">
          <label for={id('maxPoints')}>{t('betMaxPoints')}</label>
          {num('maxPoints', { min: 10, step: 1 })}
        </div>
        <div class="field">
          <label for={id('minimumPoints')}>{t('betMinimumPoints')}</label>
          {num('minimumPoints', { min: 0, step: 1 })}
        </div>
        <div class="field">
          <label for={id('percentageGap')}>{t('betPercentageGap')}</label>
          {num('percentageGap', { min: 0, max: 100, step: 'any' })}
        </div>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={id('delayMode')}>{t('betWhen')}</label>
          <Select
            id={id('delayMode')}
            name="delayMode"
            initial={v.delayMode ?? ''}
            options={withDefault(own ? t(DELAY_MODES[own.delayMode]) : '', Object.entries(DELAY_MODES).map(([mode, key]) => [mode, t(key)]))}
          />
        </div>
        <div class="field">
          <label for={id('delay')}>{t('betDelay')}</label>
          {num('delay', { min: 0, step: 'any' })}
        </div>
      </div>
      <div class="field-row">
        <div class="field">
          <label for={id('filterBy')}>{t('betFilter')}</label>
          <Select
            id={id('filterBy')}
            name="filterBy"
            initial={filterBy}
            options={withDefault(own?.filter ? t(filterKey(own.filter.by)) : t('filterNone'), [['NONE', t('filterNone')], ...FILTER_KEYS.map((k): [string, string] => [k, t(filterKey(k))])])}
          />
        </div>
        <div class="field">
          <label for={id('filterWhere')}>{t('betFilterWhere')}</label>
          <Select id={id('filterWhere')} name="filterWhere" initial={v.filter?.where ?? 'GT'} options={WHERE.map((w) => [w, WHERE_SIGN[w]])} />
        </div>
        <div class="field">
          <label for={id('filterValue')}>{t('betFilterValue')}</label>
          <input id={id('filterValue')} name="filterValue" type="number" step="any" defaultValue={v.filter?.value ?? 0} />
        </div>
      </div>
      {own ? (
        <div class="field">
          <label for={id('stealthMode')}>{t('betStealth')}</label>
          <Select
            id={id('stealthMode')}
            name="stealthMode"
            initial={v.stealthMode === undefined ? '' : v.stealthMode ? 'on' : 'off'}
            options={withDefault(own.stealthMode ? t('on') : t('off'), [
              ['on', t('on')],
              ['off', t('off')],
            ])}
          />
        </div>
      ) : (
        <label class="switch">
          <input type="checkbox" name="stealthMode" defaultChecked={v.stealthMode} role="switch" /> {t('betStealth')}
        </label>
      )}
    </div>
  );
}

/**
 * Reads bet fields back. For the defaults, every field; for one channel (`own`), only the fields not left to the
 * default. The background checks the values again.
 */
export function readBets(f: FormData, own: boolean): Partial<BetSettings> {
  const out: Partial<BetSettings> = {};
  const str = (name: string) => String(f.get(name) ?? '');
  if (str('strategy')) out.strategy = str('strategy') as Strategy;
  for (const name of NUMBERS) if (str(name) !== '') out[name] = Number(str(name));
  if (own) {
    if (str('stealthMode')) out.stealthMode = str('stealthMode') === 'on';
  } else {
    out.stealthMode = str('stealthMode') === 'on';
  }
  if (str('delayMode')) out.delayMode = str('delayMode') as BetSettings['delayMode'];
  const by = str('filterBy');
  if (by === 'NONE') out.filter = null;
  else if (by) out.filter = { by: by as FilterKey, where: (str('filterWhere') || 'GT') as (typeof WHERE)[number], value: Number(str('filterValue') || 0) };
  return out;
}
