import { signal } from '@preact/signals';
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../lib/i18n';
import { sendRequest, type ResponseFor } from '../lib/messages';
import { WEBHOOK_EVENTS, webhookEventLabel, webhookHost, webhookKind, webhookOrigin, webhookSettingsSchema, webhookUrlSchema, type WebhookSettings } from '../lib/webhook';
import { errorText } from './format';

export interface WebhooksProps {
  /** The stored webhook settings. */
  initial: WebhookSettings;
  save: (patch: { webhook: WebhookSettings }) => Promise<unknown>;
  /** Asks the browser for host permissions: called first thing in a click's handler (the user gesture it needs). */
  request?: (origins: string[]) => Promise<boolean>;
  /** Has the background send the test event. */
  test?: (url: string) => Promise<ResponseFor<'webhook-test'>>;
}

/** What the last save or test said: kept outside the card, which the options page mounts anew after a save. */
const note = signal<{ text: string; error?: boolean }>({ text: '' });
const setNote = (n: { text: string; error?: boolean }) => void (note.value = n);

const askBrowser = (origins: string[]) => browser.permissions.request({ origins });
const askBackground = (url: string) => sendRequest((m) => browser.runtime.sendMessage(m), { type: 'webhook-test', url });

/**
 * Webhook notifications (opt-in): a URL (Discord's or any https one), a switch per event, "save" and "send a test".
 * Both buttons ask the browser for that URL's host first (optional host permission, shown as the browser's prompt),
 * in the click itself; the background checks the grant again before each send. Saved on its own, apart from the
 * settings form: only `webhook` is written.
 */
export function Webhooks({ initial, save, request = askBrowser, test = askBackground }: WebhooksProps) {
  const [w, setW] = useState<WebhookSettings>(initial);
  const urlOk = w.url === '' || webhookUrlSchema.safeParse(w.url).success;

  /** The permission for the URL's host, asked for in the click's own handler (no await before it). */
  const ask = (url: string): Promise<boolean> => request([webhookOrigin(url)]).catch(() => false);

  const onSave = () => {
    const parsed = webhookSettingsSchema.safeParse(w);
    if (!parsed.success) return setNote({ text: t('webhookUrlInvalid'), error: true });
    const next = parsed.data;
    const asked = next.enabled && next.url ? ask(next.url) : Promise.resolve(true);
    void asked
      .then(async (granted) => {
        await save({ webhook: next });
        setNote(granted ? { text: t('webhookSaved') } : { text: t('webhookNoPermission', webhookHost(next.url)), error: true });
      })
      .catch((e: unknown) => setNote({ text: errorText(e), error: true }));
  };

  const onTest = () => {
    if (!w.url || !urlOk) return setNote({ text: t('webhookUrlInvalid'), error: true });
    const url = w.url;
    void ask(url)
      .then(async (granted) => {
        if (!granted) return setNote({ text: t('webhookNoPermission', webhookHost(url)), error: true });
        const r = await test(url);
        if (r.ok) return setNote({ text: t('webhookTestSent') });
        setNote({ text: r.error === 'no-permission' ? t('webhookNoPermission', webhookHost(url)) : t('webhookTestFailed', r.detail ?? r.error), error: true });
      })
      .catch((e: unknown) => setNote({ text: t('webhookTestFailed', errorText(e)), error: true }));
  };

  return (
    <section class="card" aria-labelledby="webhooks-title" data-testid="webhooks">
      <h2 id="webhooks-title">{t('sectionWebhooks')}</h2>
      <p class="hint" id="webhooks-hint">
        {t('webhookHint')}
      </p>
      <label class="switch">
        <input type="checkbox" role="switch" checked={w.enabled} onChange={(e) => setW({ ...w, enabled: e.currentTarget.checked })} data-testid="webhook-enabled" />
        <span>{t('webhookEnabled')}</span>
      </label>
      <div class="field">
        <label for="webhook-url">{t('webhookUrl')}</label>
        <input
          id="webhook-url"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellcheck={false}
          value={w.url}
          onInput={(e) => setW({ ...w, url: e.currentTarget.value.trim() })}
          aria-invalid={!urlOk}
          aria-describedby="webhook-kind"
          data-testid="webhook-url"
        />
        <p class={urlOk ? 'hint' : 'hint error'} id="webhook-kind">
          {!urlOk ? t('webhookUrlInvalid') : w.url ? t(webhookKind(w.url) === 'discord' ? 'webhookKindDiscord' : 'webhookKindGeneric') : ''}
        </p>
      </div>
      <fieldset class="switch-grid">
        <legend>{t('webhookEventsLabel')}</legend>
        {WEBHOOK_EVENTS.map((e) => (
          <label class="switch" key={e}>
            <input type="checkbox" role="switch" checked={w.events[e]} onChange={(ev) => setW({ ...w, events: { ...w.events, [e]: ev.currentTarget.checked } })} data-testid={`webhook-${e}`} />
            <span>{webhookEventLabel(e)}</span>
          </label>
        ))}
      </fieldset>
      <div class="actions">
        <button type="button" class="primary" onClick={onSave} data-testid="webhook-save">
          {t('webhookSave')}
        </button>
        <button type="button" onClick={onTest} data-testid="webhook-test">
          {t('webhookTest')}
        </button>
        <span class={`status${note.value.error ? ' error' : ''}`} role="status" data-testid="webhook-status">
          {note.value.text}
        </span>
      </div>
    </section>
  );
}
