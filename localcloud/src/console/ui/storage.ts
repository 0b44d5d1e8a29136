// Storage: every stored file; open its bytes in a new tab, or delete it.
import type { StorageResponse } from '../contract';
import { h, replaceChildren, when } from './dom';
import { api, guarded } from './http';

const size = (n: number) => (n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(1)} MB`);

export function storagePanel(root: HTMLElement): { show(): void } {
  const body = h('tbody');
  async function load(): Promise<void> {
    const { files } = await api<StorageResponse>('GET', 'storage');
    replaceChildren(
      body,
      ...files.map((f) => {
        const q = new URLSearchParams({ fileID: f.fileID });
        return h(
          'tr',
          { class: 'stored-file', 'data-file-id': f.fileID },
          h('td', {}, h('a', { href: `/console/api/storage/content?${q}`, target: '_blank' }, f.cloudPath)),
          h('td', {}, f.openid || '(server)'),
          h('td', {}, size(f.size)),
          h('td', {}, f.contentType),
          h('td', {}, when(f.created)),
          h(
            'td',
            {},
            h(
              'button',
              {
                class: 'btn danger',
                onclick: () =>
                  void guarded(async () => {
                    if (!confirm(`Delete ${f.cloudPath}?`)) return;
                    await api('DELETE', `storage?${q}`);
                    await load();
                  }),
              },
              'Delete',
            ),
          ),
        );
      }),
    );
    if (!files.length) body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No files.')));
  }
  root.append(
    h(
      'div',
      { class: 'card row' },
      h('span', { class: 'grow muted' }, 'Files uploaded with wx.cloud.uploadFile or the server SDK.'),
      h('button', { class: 'btn', onclick: () => void guarded(load) }, 'Refresh'),
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...['path', 'owner', 'size', 'type', 'uploaded', ''].map((t) => h('th', {}, t)))), body),
  );
  return { show: () => void guarded(load) };
}
