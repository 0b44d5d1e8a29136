// wx.requestSubscribeMessage: WeChat's consent sheet, one switch per template. Results go to
// the local cloud's credit ledger (host/cloud.ts), so subscribeMessage.send sees real consent.
import { asyncApi, type ApiOptions } from './api';
import type { Feedback } from './feedback';

export type SubscribeResult = Record<string, 'accept' | 'reject' | 'ban' | 'filter'>;
export type SubscribeHook = (tmplIds: string[], result: SubscribeResult) => Promise<void>;

export function createSubscribe(feedback: Feedback, record: SubscribeHook) {
  return {
    requestSubscribeMessage: asyncApi('requestSubscribeMessage', (o: ApiOptions) => {
      const ids = (o.tmplIds as string[] | undefined) ?? [];
      if (!ids.length || ids.length > 3) throw new Error('tmplIds must hold 1 to 3 template ids');
      return new Promise<SubscribeResult>((resolve) => {
        feedback
          .sheet((close, box) => {
            box.innerHTML = '<div class="wx-sub-title">Community Chat 请求向你发送以下消息</div>';
            const choices = new Map<string, HTMLInputElement>();
            for (const id of ids) {
              const row = document.createElement('label');
              row.className = 'wx-sub-row';
              const box2 = document.createElement('input');
              box2.type = 'checkbox';
              box2.checked = true;
              row.append(box2, document.createTextNode(` ${id}`));
              choices.set(id, box2);
              box.appendChild(row);
            }
            const answer = (accept: boolean) => {
              close();
              const result: SubscribeResult = {};
              for (const [id, c] of choices) result[id] = accept && c.checked ? 'accept' : 'reject';
              // WeChat records consent before it answers: a send right after must see it.
              record(ids, result)
                .catch((e) => console.error('[preview] recording subscribe consent failed', e))
                .then(() => resolve(result));
            };
            const buttons = document.createElement('div');
            buttons.className = 'wx-sub-buttons';
            const reject = document.createElement('button');
            reject.className = 'wx-sub-reject';
            reject.textContent = '取消';
            reject.onclick = () => answer(false);
            const accept = document.createElement('button');
            accept.className = 'wx-sub-accept';
            accept.textContent = '允许';
            accept.onclick = () => answer(true);
            buttons.append(reject, accept);
            box.appendChild(buttons);
          }, 'wx-sheet wx-sub-sheet')
          .classList.add('wx-mask-bottom');
      });
    }),
  };
}
