// Toast, loading, modal and action sheet, drawn like WeChat's own (dark toast, white dialog and
// bottom sheet), inside #wx-overlay of the phone.
import { asyncApi, type ApiOptions } from './api';

const el = (tag: string, cls: string, text?: string) => {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

export function createFeedback(overlay: HTMLElement) {
  let toast: HTMLElement | null = null;
  let toastTimer: number | undefined;
  const hideToast = () => {
    window.clearTimeout(toastTimer);
    toast?.remove();
    toast = null;
  };
  const showToastBox = (title: string, icon: string, duration: number, mask: boolean) => {
    hideToast();
    toast = el('div', `wx-toast-wrap${mask ? ' wx-mask-clear' : ''}`);
    const box = el('div', `wx-toast wx-toast-${icon}`);
    if (icon !== 'none') box.appendChild(el('div', `wx-toast-icon wx-icon-${icon}`));
    box.appendChild(el('div', 'wx-toast-title', title));
    toast.appendChild(box);
    overlay.appendChild(toast);
    if (duration > 0) toastTimer = window.setTimeout(hideToast, duration);
  };

  const sheet = (build: (close: () => void, box: HTMLElement) => void, cls: string) => {
    const mask = el('div', 'wx-mask');
    const box = el('div', cls);
    mask.appendChild(box);
    overlay.appendChild(mask);
    build(() => mask.remove(), box);
    return mask;
  };

  return {
    showToast: asyncApi('showToast', (o: ApiOptions) => {
      const icon = String(o.icon ?? 'success');
      showToastBox(String(o.title ?? ''), icon, Number(o.duration ?? 1500), Boolean(o.mask));
    }),
    hideToast: asyncApi('hideToast', () => hideToast()),
    showLoading: asyncApi('showLoading', (o: ApiOptions) => showToastBox(String(o.title ?? ''), 'loading', 0, Boolean(o.mask))),
    hideLoading: asyncApi('hideLoading', () => hideToast()),
    showModal: asyncApi(
      'showModal',
      (o: ApiOptions) =>
        new Promise((resolve) => {
          sheet((close, box) => {
            if (o.title) box.appendChild(el('div', 'wx-modal-title', String(o.title)));
            let input: HTMLTextAreaElement | undefined;
            if (o.editable) {
              input = el('textarea', 'wx-modal-input') as HTMLTextAreaElement;
              input.placeholder = String(o.placeholderText ?? '');
              input.value = String(o.content ?? '');
              box.appendChild(input);
            } else if (o.content) box.appendChild(el('div', 'wx-modal-content', String(o.content)));
            const buttons = el('div', 'wx-modal-buttons');
            const finish = (confirm: boolean) => {
              close();
              resolve({ confirm, cancel: !confirm, ...(input ? { content: input.value } : {}) });
            };
            if (o.showCancel !== false) {
              const cancel = el('button', 'wx-modal-cancel', String(o.cancelText ?? '取消'));
              cancel.style.color = String(o.cancelColor ?? '#000000');
              cancel.addEventListener('click', () => finish(false));
              buttons.appendChild(cancel);
            }
            const ok = el('button', 'wx-modal-confirm', String(o.confirmText ?? '确定'));
            ok.style.color = String(o.confirmColor ?? '#576b95');
            ok.addEventListener('click', () => finish(true));
            buttons.appendChild(ok);
            box.appendChild(buttons);
          }, 'wx-modal');
        }),
    ),
    showActionSheet: asyncApi(
      'showActionSheet',
      (o: ApiOptions) =>
        new Promise((resolve, reject) => {
          const mask = sheet((close, box) => {
            if (o.alertText) box.appendChild(el('div', 'wx-sheet-alert', String(o.alertText)));
            ((o.itemList as string[]) ?? []).forEach((text, tapIndex) => {
              const item = el('button', 'wx-sheet-item', text);
              item.style.color = String(o.itemColor ?? '#000000');
              item.addEventListener('click', () => {
                close();
                resolve({ tapIndex });
              });
              box.appendChild(item);
            });
            const cancel = el('button', 'wx-sheet-cancel', '取消');
            cancel.addEventListener('click', () => {
              close();
              reject(new Error('cancel'));
            });
            box.appendChild(cancel);
          }, 'wx-sheet');
          mask.classList.add('wx-mask-bottom');
        }),
    ),
    /** A bottom sheet the other shims reuse (subscribe-message consent, picker). */
    sheet,
  };
}

export type Feedback = ReturnType<typeof createFeedback>;
