// <textarea>: like <input>, a real <textarea> as the node; auto-height grows with the content.
import { innerElement } from '../dom';

const area = (caller: unknown) => innerElement<HTMLTextAreaElement>(caller, '.textarea');

Component({
  options: { virtualHost: true },
  externalClasses: ['class'],
  properties: {
    value: { type: String, value: '' },
    placeholder: { type: String, value: '' },
    disabled: { type: Boolean, value: false },
    maxlength: { type: Number, value: 140 },
    focus: { type: Boolean, value: false },
    autoHeight: { type: Boolean, value: false },
  },
  observers: {
    focus(focus: boolean) {
      if (focus) setTimeout(() => area(this)?.focus());
    },
    // a <textarea>'s value="" attribute shows nothing (its text is its content): the value must
    // reach the live property, at first and whenever the page sets it (e.g. a profile loaded later)
    'value, autoHeight'() {
      this.show();
      setTimeout(() => this.fit());
    },
  },
  lifetimes: {
    attached() {
      this.show();
      this.fit();
    },
  },
  methods: {
    show() {
      const el = area(this);
      if (el && el.value !== this.data.value) el.value = this.data.value;
    },
    fit() {
      const el = area(this);
      if (!el || !this.data.autoHeight) return;
      el.style.height = 'auto';
      el.style.height = `${el.scrollHeight}px`;
    },
    onInput() {
      const value = area(this)?.value ?? '';
      this.fit();
      this.triggerEvent('input', { value, cursor: value.length, keyCode: 0 });
    },
    onFocus() {
      this.triggerEvent('focus', { value: area(this)?.value ?? '', height: 0 });
    },
    onBlur() {
      this.triggerEvent('blur', { value: area(this)?.value ?? '' });
    },
  },
});
