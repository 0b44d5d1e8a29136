// Collections: the list with counts; a query (where, sort, skip, limit) over the chosen one; each
// document as JSON with edit (replace or merge) and delete; add a document; create a collection.
import type { CollectionsResponse, Doc, QueryResponse } from '../contract';
import { h, pretty, replaceChildren } from './dom';
import { api, guarded, parseJson } from './http';

export function collectionsPanel(root: HTMLElement): { show(): void } {
  let current = '';
  const list = h('div', { class: 'list', id: 'collection-list' });
  const where = h('input', { class: 'grow', id: 'query-where', placeholder: '{"status": "visible", "seq": {"$gt": 10}}' });
  const sort = h('input', { id: 'query-sort', placeholder: '{"createdAt": -1}', style: 'width: 180px' });
  const skip = h('input', { id: 'query-skip', type: 'number', min: 0, value: 0, style: 'width: 70px' });
  const limit = h('input', { id: 'query-limit', type: 'number', min: 1, max: 1000, value: 20, style: 'width: 70px' });
  const summary = h('div', { class: 'muted', id: 'query-summary' });
  const editorSlot = h('div');
  const docs = h('div', { id: 'documents' });
  const newName = h('input', { placeholder: 'new collection', id: 'new-collection', style: 'width: 100%; box-sizing: border-box' });

  async function loadList(): Promise<void> {
    const { collections } = await api<CollectionsResponse>('GET', 'collections');
    if (!current && collections.length) current = collections[0].name;
    replaceChildren(
      list,
      ...collections.map((c) =>
        h(
          'button',
          { class: c.name === current ? 'active' : '', 'data-collection': c.name, onclick: () => void guarded(() => select(c.name)) },
          h('span', {}, c.name),
          h('span', { class: 'count' }, c.count),
        ),
      ),
    );
  }

  async function select(name: string): Promise<void> {
    current = name;
    editorSlot.replaceChildren();
    await Promise.all([loadList(), runQuery()]);
  }

  async function runQuery(): Promise<void> {
    if (!current) {
      replaceChildren(docs, h('p', { class: 'muted' }, 'No collections yet.'));
      return;
    }
    const body = {
      where: parseJson(where.value, 'where'),
      sort: parseJson(sort.value, 'sort'),
      skip: Number(skip.value || 0),
      limit: Number(limit.value || 20),
    };
    const { documents, total } = await api<QueryResponse>('POST', `collections/${encodeURIComponent(current)}/query`, body);
    summary.textContent = `${current}: ${total} matching, showing ${documents.length} from ${body.skip}`;
    replaceChildren(docs, ...documents.map(docCard));
  }

  function docCard(doc: Doc): HTMLElement {
    return h(
      'div',
      { class: 'card doc', 'data-id': doc._id },
      h(
        'div',
        { class: 'doc-head' },
        h('span', { class: 'doc-id' }, doc._id),
        h(
          'span',
          { class: 'row' },
          h('button', { class: 'btn doc-edit', onclick: () => openEditor(doc) }, 'Edit'),
          h('button', { class: 'btn danger doc-delete', onclick: () => void guarded(() => remove(doc._id)) }, 'Delete'),
        ),
      ),
      h('pre', { class: 'doc-json' }, pretty(doc)),
    );
  }

  /** One editor for add (no doc) and edit; "merge" sets only the fields given, "replace" the whole document. */
  function openEditor(doc?: Doc): void {
    const text = h('textarea', { id: 'doc-editor', spellcheck: 'false' });
    text.value = pretty(doc ?? {});
    const mode = h('select', { id: 'doc-mode' }, h('option', { value: 'replace' }, 'replace the document'), h('option', { value: 'merge' }, 'merge these fields'));
    const save = async () => {
      const document = parseJson(text.value, 'document');
      if (doc) await api('PUT', `collections/${encodeURIComponent(current)}/documents/${encodeURIComponent(doc._id)}`, { document, mode: mode.value });
      else await api('POST', `collections/${encodeURIComponent(current)}/documents`, { document });
      editorSlot.replaceChildren();
      await Promise.all([loadList(), runQuery()]);
    };
    replaceChildren(
      editorSlot,
      h(
        'div',
        { class: 'card' },
        h('strong', {}, doc ? `Edit ${doc._id}` : `Add a document to ${current}`),
        h('p', { class: 'muted' }, 'JSON; dates as {"$date": "2024-01-01T00:00:00Z"}. Saved through the admin path: watches see the change.'),
        text,
        h(
          'div',
          { class: 'row', style: 'margin-top: 8px' },
          doc ? mode : null,
          h('button', { class: 'btn primary', id: 'doc-save', onclick: () => void guarded(save) }, 'Save'),
          h('button', { class: 'btn', onclick: () => editorSlot.replaceChildren() }, 'Cancel'),
        ),
      ),
    );
    text.focus();
  }

  async function remove(id: string): Promise<void> {
    if (!confirm(`Delete ${id} from ${current}?`)) return;
    await api('DELETE', `collections/${encodeURIComponent(current)}/documents/${encodeURIComponent(id)}`);
    await Promise.all([loadList(), runQuery()]);
  }

  async function create(): Promise<void> {
    const name = newName.value.trim();
    if (!name) return;
    await api('POST', 'collections', { name });
    newName.value = '';
    await select(name);
  }

  root.append(
    h(
      'div',
      { class: 'split' },
      h('div', {}, list, h('div', { style: 'margin-top: 8px' }, newName), h('button', { class: 'btn', style: 'margin-top: 6px', onclick: () => void guarded(create) }, 'Create collection')),
      h(
        'div',
        {},
        h(
          'div',
          { class: 'card' },
          h(
            'div',
            { class: 'row' },
            h('label', { class: 'field grow' }, 'where', where),
            h('label', { class: 'field' }, 'sort', sort),
            h('label', { class: 'field' }, 'skip', skip),
            h('label', { class: 'field' }, 'limit', limit),
            h('button', { class: 'btn primary', id: 'query-run', style: 'align-self: flex-end', onclick: () => void guarded(runQuery) }, 'Query'),
            h('button', { class: 'btn', id: 'doc-add', style: 'align-self: flex-end', onclick: () => openEditor() }, 'Add document'),
          ),
          summary,
        ),
        editorSlot,
        docs,
      ),
    ),
  );

  return {
    show: () =>
      void guarded(async () => {
        await loadList();
        await runQuery();
      }),
  };
}
