// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { Webhooks } from '../../components/Webhooks';
import { DEFAULT_WEBHOOK, type WebhookSettings } from '../../lib/webhook';

const DISCORD = 'https://discord.com/api/webhooks/1/secret';

async function mount(props: Partial<Parameters<typeof Webhooks>[0]> = {}) {
  const calls: string[] = [];
  const request = vi.fn(async (origins: string[]) => (calls.push(`request ${origins.join(' ')}`), props.request ? props.request(origins) : true));
  const save = vi.fn(async (p: { webhook: WebhookSettings }) => (calls.push('save'), p));
  const test = vi.fn(async (url: string) => (calls.push(`test ${url}`), { ok: true as const }));
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<Webhooks initial={props.initial ?? DEFAULT_WEBHOOK} save={save} request={request} test={props.test ?? test} />, root));
  const $ = <T extends HTMLElement>(id: string) => root.querySelector<T>(`[data-testid="${id}"]`)!;
  const type = async (url: string) =>
    act(async () => {
      const input = $<HTMLInputElement>('webhook-url');
      input.value = url;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  const click = async (id: string) => {
    await act(async () => $(id).click());
    await act(async () => new Promise((r) => setTimeout(r, 10)));
  };
  return { root, $, type, click, calls, request, save, test };
}

describe('the webhook card', () => {
  it('asks for the URL host in the click itself, before anything else, then saves only the webhook', async () => {
    const ui = await mount();
    await act(async () => ui.$('webhook-enabled').click());
    await act(async () => ui.$('webhook-drop-claimed').click());
    await ui.type(DISCORD);
    expect(ui.root.textContent).toContain('Discord webhook');
    // The request must be made synchronously in the click's handler (the user gesture the browser asks for).
    await act(async () => {
      ui.$('webhook-save').click();
      expect(ui.request).toHaveBeenCalledWith(['https://discord.com/*']);
    });
    await act(async () => new Promise((r) => setTimeout(r, 10)));
    expect(ui.calls).toEqual(['request https://discord.com/*', 'save']);
    expect(ui.save).toHaveBeenCalledWith({ webhook: { enabled: true, url: DISCORD, events: { ...DEFAULT_WEBHOOK.events, 'drop-claimed': true } } });
    expect(ui.$('webhook-status').textContent).toBe('Webhook saved');
  });

  it('refuses a URL that is not https, and says when the browser did not allow the host', async () => {
    const ui = await mount({ request: async () => false });
    await act(async () => ui.$('webhook-enabled').click());
    await ui.type('http://hooks.example.org/x');
    await ui.click('webhook-save');
    expect(ui.save).not.toHaveBeenCalled();
    expect(ui.request).not.toHaveBeenCalled();
    expect(ui.$('webhook-status').textContent).toContain('https://');
    await ui.type('https://hooks.example.org/x');
    expect(ui.root.textContent).toContain('Generic webhook (JSON)');
    await ui.click('webhook-save');
    expect(ui.$('webhook-status').textContent).toBe('Access to hooks.example.org was not allowed: nothing will be sent there');
    await ui.click('webhook-test');
    expect(ui.test).not.toHaveBeenCalled();
  });

  it('sends a test through the background once the host is allowed, and shows what came back', async () => {
    const ui = await mount({ initial: { ...DEFAULT_WEBHOOK, url: 'https://hooks.example.org/x' }, test: async () => ({ ok: false as const, error: 'failed' as const, detail: 'HTTP 404' }) });
    await ui.click('webhook-test');
    expect(ui.request).toHaveBeenCalledWith(['https://hooks.example.org/*']);
    expect(ui.$('webhook-status').textContent).toBe('Test failed: HTTP 404');
  });

  it('names every control', async () => {
    const ui = await mount();
    for (const el of ui.root.querySelectorAll('input, button')) {
      const named = el.textContent?.trim() || (el as HTMLInputElement).labels?.length || el.closest('label')?.textContent?.trim();
      expect(named, el.outerHTML).toBeTruthy();
    }
  });
});
