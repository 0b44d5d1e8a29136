// <image>: an <img> inside the host; `mode` maps to object-fit, widthFix lets the height follow.
import { hostElement, innerElement } from '../dom';

Component({
  properties: {
    src: { type: String, value: '' },
    mode: { type: String, value: 'scaleToFill' },
    lazyLoad: { type: Boolean, value: false },
  },
  data: { modeClass: 'scaleToFill' },
  observers: {
    mode(mode: string) {
      this.setData({ modeClass: mode || 'scaleToFill' });
      hostElement(this)?.toggleAttribute('data-width-fix', mode === 'widthFix');
    },
  },
  lifetimes: {
    attached() {
      hostElement(this)?.toggleAttribute('data-width-fix', this.data.mode === 'widthFix');
    },
  },
  methods: {
    onLoad() {
      const img = innerElement<HTMLImageElement>(this, '.img');
      this.triggerEvent('load', { width: img?.naturalWidth ?? 0, height: img?.naturalHeight ?? 0 });
    },
    onError() {
      this.triggerEvent('error', { errMsg: `GET ${this.data.src} failed` });
    },
  },
});
