// Functions: invocations newest first with their event, result and logs; filter by function;
// fire a function's timer trigger now.
import type { FunctionsResponse, Invocation, InvocationsResponse } from '../contract';
import { h, pretty, replaceChildren, when } from './dom';
import { api, guarded } from './http';

function trigger(inv: Invocation): string {
  return inv.trigger.kind === 'timer' ? `timer ${inv.trigger.trigger}` : `call (${inv.trigger.via})`;
}

function details(inv: Invocation): HTMLElement {
  const logs = inv.logs.length ? h('pre', {}, ...inv.logs.map((l) => h('span', { class: `log-${l.stream}` }, l.text))) : h('p', { class: 'muted' }, 'no log lines');
  return h(
    'details',
    {},
    h('summary', {}, 'event, result, logs'),
    h('pre', {}, `event: ${pretty(inv.event)}`),
    inv.error ? h('pre', { class: 'log-stderr' }, `error: ${inv.error.code}: ${inv.error.message}`) : h('pre', {}, `result: ${pretty(inv.result)}`),
    logs,
  );
}

export function functionsPanel(root: HTMLElement): { show(): void } {
  const filter = h('select', { id: 'function-filter', onchange: () => void guarded(loadInvocations) }, h('option', { value: '' }, 'all functions'));
  const timers = h('div', { class: 'row', id: 'timers' });
  const body = h('tbody');

  async function loadFunctions(): Promise<void> {
    const { functions } = await api<FunctionsResponse>('GET', 'functions');
    const chosen = filter.value;
    replaceChildren(filter, h('option', { value: '' }, 'all functions'), ...functions.map((f) => h('option', { value: f.name }, f.name)));
    filter.value = chosen;
    replaceChildren(
      timers,
      ...functions.flatMap((f) =>
        f.timers.map((t) =>
          h('button', { class: 'btn', 'data-timer': `${f.name}/${t}`, onclick: (e: Event) => void guarded(() => fire(e.target as HTMLButtonElement, f.name, t)) }, `Fire ${f.name} · ${t}`),
        ),
      ),
    );
    if (!timers.childElementCount) timers.append(h('span', { class: 'muted' }, 'No timer triggers in cloudbaserc.json.'));
  }

  async function fire(button: HTMLButtonElement, fn: string, name: string): Promise<void> {
    button.disabled = true;
    try {
      await api('POST', `functions/${encodeURIComponent(fn)}/fire-timer`, { trigger: name });
    } finally {
      button.disabled = false;
    }
    await loadInvocations();
  }

  async function loadInvocations(): Promise<void> {
    const q = new URLSearchParams({ limit: '100' });
    if (filter.value) q.set('name', filter.value);
    const { invocations } = await api<InvocationsResponse>('GET', `invocations?${q}`);
    replaceChildren(
      body,
      ...invocations.map((inv) =>
        h(
          'tr',
          { class: 'invocation', 'data-function': inv.function },
          h('td', {}, when(inv.startedAt)),
          h('td', {}, inv.function),
          h('td', {}, trigger(inv)),
          h('td', {}, inv.openid ?? ''),
          h('td', { class: `status-${inv.status}` }, inv.status),
          h('td', {}, inv.durationMs === undefined ? '' : `${inv.durationMs} ms${inv.cold ? ' (cold)' : ''}`),
          h('td', {}, details(inv)),
        ),
      ),
    );
    if (!invocations.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No invocations yet.')));
  }

  root.append(
    h(
      'div',
      { class: 'card' },
      h('div', { class: 'row' }, filter, h('button', { class: 'btn', onclick: () => void guarded(loadInvocations) }, 'Refresh')),
      h('div', { style: 'margin-top: 10px' }, timers),
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...['started', 'function', 'trigger', 'openid', 'status', 'duration', ''].map((t) => h('th', {}, t)))), body),
  );

  return {
    show: () =>
      void guarded(async () => {
        await loadFunctions();
        await loadInvocations();
      }),
  };
}
