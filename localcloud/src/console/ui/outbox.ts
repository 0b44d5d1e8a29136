// Subscribe outbox: every subscribeMessage.send the functions made, newest first.
import type { OutboxResponse } from '../contract';
import { h, pretty, replaceChildren, when } from './dom';
import { api, guarded } from './http';

export function outboxPanel(root: HTMLElement): { show(): void } {
  const body = h('tbody');
  async function load(): Promise<void> {
    const { messages } = await api<OutboxResponse>('GET', 'outbox');
    replaceChildren(
      body,
      ...messages.map((m) =>
        h('tr', { class: 'outbox-message' }, h('td', {}, when(m.sentAt)), h('td', {}, m.touser), h('td', {}, m.templateId), h('td', {}, m.page ?? ''), h('td', {}, h('pre', {}, pretty(m.data)))),
      ),
    );
    if (!messages.length) body.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'Nothing sent yet.')));
  }
  root.append(
    h(
      'div',
      { class: 'card row' },
      h('span', { class: 'grow muted' }, 'Messages sent with cloud.openapi.subscribeMessage.send; WeChat would deliver them as service notifications.'),
      h('button', { class: 'btn', onclick: () => void guarded(load) }, 'Refresh'),
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...['sent', 'to', 'template', 'page', 'data'].map((t) => h('th', {}, t)))), body),
  );
  return { show: () => void guarded(load) };
}
