// <input>: a real <input> as the node (virtualHost, so the owner's class lands on it). The native
// input event is caught here and re-sent as WeChat's bindinput with detail {value, cursor, keyCode}.
import { innerElement } from '../dom';

Component({
  options: { virtualHost: true },
  externalClasses: ['class'],
  properties: {
    value: { type: String, value: '' },
    type: { type: String, value: 'text' },
    password: { type: Boolean, value: false },
    placeholder: { type: String, value: '' },
    disabled: { type: Boolean, value: false },
    maxlength: { type: Number, value: 140 },
    focus: { type: Boolean, value: false },
    confirmType: { type: String, value: 'done' },
    /** Where the caret goes when the value is set (WeChat's `cursor`); -1 leaves it. */
    cursor: { type: Number, value: -1 },
    /** WeChat keeps the keyboard up after confirm when set; a browser field keeps its focus anyway. */
    confirmHold: { type: Boolean, value: false },
    /** WeChat pushes the page up above the keyboard; a browser has no on-screen keyboard to avoid. */
    adjustPosition: { type: Boolean, value: true },
  },
  observers: {
    // the template's value="" only sets the attribute, which a field the user typed in ignores:
    // a page clearing the field (setData value '') must reach the live property
    value(value: string) {
      const el = innerElement<HTMLInputElement>(this, '.input');
      if (el && el.value !== value) el.value = value;
    },
    cursor(cursor: number) {
      const el = innerElement<HTMLInputElement>(this, '.input');
      if (el && cursor >= 0 && document.activeElement === el) el.setSelectionRange(cursor, cursor);
    },
    focus(focus: boolean) {
      if (focus) setTimeout(() => innerElement(this, '.input')?.focus());
    },
  },
  methods: {
    onInput() {
      const el = innerElement<HTMLInputElement>(this, '.input');
      const value = el?.value ?? '';
      this.triggerEvent('input', { value, cursor: el?.selectionStart ?? value.length, keyCode: 0 });
    },
    onFocus() {
      this.triggerEvent('focus', { value: innerElement<HTMLInputElement>(this, '.input')?.value ?? '', height: 0 });
    },
    onBlur() {
      this.triggerEvent('blur', { value: innerElement<HTMLInputElement>(this, '.input')?.value ?? '' });
    },
  },
  lifetimes: {
    attached() {
      // Enter is WeChat's confirm; listened to natively since the key is not in glass-easel's event detail
      innerElement<HTMLInputElement>(this, '.input')?.addEventListener('keydown', (ev) => {
        if (ev.key === 'Enter' && !ev.isComposing) this.triggerEvent('confirm', { value: (ev.target as HTMLInputElement).value });
      });
    },
  },
});
