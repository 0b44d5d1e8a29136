// <image>: an <img> inside the host. `mode` maps to object-fit / object-position; widthFix lets the
// height follow the picture's ratio at the given width, heightFix the width at the given height.
// A `cloud://` src is resolved to a temp URL as the phone's user (cloud-src.ts), as WeChat does.
import { hostElement, innerElement } from '../dom';
import { isCloudSrc, resolveCloudSrc } from './cloud-src';

/** WeChat's 13 modes: 5 scaling ones and 8 cropping ones that only place the picture. */
const MODES = new Set(['scaleToFill', 'aspectFit', 'aspectFill', 'widthFix', 'heightFix', 'top', 'bottom', 'center', 'left', 'right', 'top left', 'top right', 'bottom left', 'bottom right']);

Component({
  properties: {
    src: { type: String, value: '' },
    mode: { type: String, value: 'scaleToFill' },
    lazyLoad: { type: Boolean, value: false },
  },
  data: { modeClass: 'scaleToFill', shown: '' },
  observers: {
    mode(mode: string) {
      this.applyMode(mode);
    },
    src(src: string) {
      if (!isCloudSrc(src)) {
        this.setData({ shown: src });
        return;
      }
      this.setData({ shown: '' });
      resolveCloudSrc(src).then(
        (url) => {
          if (this.data.src === src) this.setData({ shown: url });
        },
        (err: Error) => {
          if (this.data.src === src) this.triggerEvent('error', { errMsg: `GET ${src} failed: ${err.message}` });
        },
      );
    },
  },
  lifetimes: {
    attached() {
      this.applyMode(this.data.mode);
    },
  },
  methods: {
    applyMode(mode: string) {
      const known = MODES.has(mode) ? mode : 'scaleToFill';
      this.setData({ modeClass: known.replace(' ', '-') });
      const host = hostElement(this);
      host?.toggleAttribute('data-width-fix', known === 'widthFix');
      host?.toggleAttribute('data-height-fix', known === 'heightFix');
    },
    onLoad() {
      const img = innerElement<HTMLImageElement>(this, '.img');
      this.triggerEvent('load', { width: img?.naturalWidth ?? 0, height: img?.naturalHeight ?? 0 });
    },
    onError() {
      if (this.data.shown) this.triggerEvent('error', { errMsg: `GET ${this.data.src} failed` });
    },
  },
});
