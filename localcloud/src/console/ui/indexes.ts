// Missing indexes: the app's queries that no index declared in database/ serves (a collection scan
// in production), one row per query shape, with who sent it and an index that would serve it.
import type { MissingIndexesResponse } from '../contract';
import { h, replaceChildren, when } from './dom';
import { api, guarded } from './http';

export function indexesPanel(root: HTMLElement): { show(): void } {
  const body = h('tbody');
  async function load(): Promise<void> {
    const { missing } = await api<MissingIndexesResponse>('GET', 'missing-indexes');
    replaceChildren(
      body,
      ...missing.map((m) =>
        h(
          'tr',
          { class: 'missing-index' },
          h('td', {}, m.collection),
          h('td', {}, m.operation),
          h('td', { style: 'word-break: break-all' }, h('code', {}, m.shape)),
          h('td', { style: 'word-break: break-all' }, m.sources.map((s) => `${s.source} ×${s.count}`).join(', ')),
          h('td', {}, m.count),
          h('td', {}, when(m.firstSeen)),
          h('td', { style: 'min-width: 240px' }, h('pre', {}, m.suggested.map((s) => JSON.stringify(s)).join('\n') || '—')),
        ),
      ),
    );
    if (!missing.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'Every query so far is served by a declared index.')));
  }
  async function clear(): Promise<void> {
    await api<{ cleared: number }>('DELETE', 'missing-indexes');
    await load();
  }
  root.append(
    h(
      'div',
      { class: 'card row' },
      h(
        'span',
        { class: 'grow muted' },
        "Queries, counts, updates, removes and leading $match stages that no index in database/*.json serves: in production each is a collection scan. Add the suggested index to the collection's file.",
      ),
      h('button', { class: 'btn', onclick: () => void guarded(load) }, 'Refresh'),
      h('button', { class: 'btn danger', id: 'indexes-clear', onclick: () => void guarded(clear) }, 'Clear'),
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...['collection', 'operation', 'shape', 'sources', 'count', 'first seen', 'suggested index'].map((t) => h('th', {}, t)))), body),
  );
  return { show: () => void guarded(load) };
}
