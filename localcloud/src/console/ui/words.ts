// Word list: the local msgSecCheck dictionary (word, verdict, WeChat label); edited as rows, saved whole.
import type { SecWord, SecWordsResponse } from '../contract';
import { h, replaceChildren } from './dom';
import { api, guarded } from './http';

const LABELS: Record<number, string> = {
  10001: 'ad',
  20001: 'politics',
  20002: 'porn',
  20003: 'abuse',
  20006: 'illegal',
  20008: 'fraud',
  20012: 'vulgar',
  20013: 'copyright',
  21000: 'other',
};

export function wordsPanel(root: HTMLElement): { show(): void } {
  const body = h('tbody');

  function row(w: SecWord): HTMLElement {
    const suggest = h('select', { class: 'word-suggest' }, h('option', { value: 'risky' }, 'risky (blocked)'), h('option', { value: 'review' }, 'review'));
    suggest.value = w.suggest;
    const label = h('select', { class: 'word-label' }, ...Object.entries(LABELS).map(([n, name]) => h('option', { value: n }, `${n} ${name}`)));
    label.value = String(w.label);
    const tr: HTMLElement = h(
      'tr',
      { class: 'sec-word' },
      h('td', {}, h('input', { class: 'word-text', value: w.word })),
      h('td', {}, suggest),
      h('td', {}, label),
      h('td', {}, h('button', { class: 'btn danger', onclick: () => tr.remove() }, 'Remove')),
    );
    return tr;
  }

  function collect(): SecWord[] {
    return [...body.querySelectorAll('tr.sec-word')].map((tr) => ({
      word: (tr.querySelector('.word-text') as HTMLInputElement).value.trim(),
      suggest: (tr.querySelector('.word-suggest') as HTMLSelectElement).value as SecWord['suggest'],
      label: Number((tr.querySelector('.word-label') as HTMLSelectElement).value),
    }));
  }

  async function load(): Promise<void> {
    const { words } = await api<SecWordsResponse>('GET', 'sec-words');
    replaceChildren(body, ...words.map(row));
  }

  async function save(): Promise<void> {
    const { words } = await api<SecWordsResponse>('PUT', 'sec-words', { words: collect() });
    replaceChildren(body, ...words.map(row));
  }

  root.append(
    h(
      'div',
      { class: 'card row' },
      h('span', { class: 'grow muted' }, 'Words security.msgSecCheck flags: "risky" blocks a message, "review" holds it for review.'),
      h('button', { class: 'btn', onclick: () => body.append(row({ word: '', suggest: 'risky', label: 21000 })) }, 'Add word'),
      h('button', { class: 'btn primary', id: 'words-save', onclick: () => void guarded(save) }, 'Save'),
    ),
    h('table', {}, h('thead', {}, h('tr', {}, ...['word', 'verdict', 'label', ''].map((t) => h('th', {}, t)))), body),
  );
  return { show: () => void guarded(load) };
}
