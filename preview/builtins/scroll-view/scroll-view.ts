// <scroll-view>: the host itself scrolls. scroll-top / scroll-into-view drive it; bindscroll,
// bindscrolltoupper and bindscrolltolower fire with WeChat's details and thresholds.
import { hostElement } from '../dom';

Component({
  properties: {
    scrollY: { type: Boolean, value: false },
    scrollX: { type: Boolean, value: false },
    scrollTop: { type: Number, value: 0 },
    scrollLeft: { type: Number, value: 0 },
    scrollIntoView: { type: String, value: '' },
    scrollWithAnimation: { type: Boolean, value: false },
    upperThreshold: { type: Number, value: 50 },
    lowerThreshold: { type: Number, value: 50 },
    enableBackToTop: { type: Boolean, value: false },
    refresherEnabled: { type: Boolean, value: false },
    /** WeChat's scroll-view only lays its children out as flex items when this is set. */
    enableFlex: { type: Boolean, value: false },
  },
  data: { atUpper: true, atLower: false },
  observers: {
    enableFlex(on: boolean) {
      hostElement(this)?.toggleAttribute('data-enable-flex', on);
    },
    'scrollX, scrollY'() {
      const host = hostElement(this);
      host?.toggleAttribute('data-scroll-y', this.data.scrollY);
      host?.toggleAttribute('data-scroll-x', this.data.scrollX);
    },
    scrollTop(top: number) {
      this.scrollTo({ top });
    },
    scrollLeft(left: number) {
      this.scrollTo({ left });
    },
    scrollIntoView(id: string) {
      if (!id) return;
      // ids are written to the DOM by writeExtraInfoToAttr; wait for the new children to render
      requestAnimationFrame(() => {
        const host = hostElement(this);
        // glass-easel 0.12 writes a WXML id as `exparser:info-attr-id`, not as the DOM id
        const quoted = JSON.stringify(id);
        const target = host?.querySelector(`[id=${quoted}], [exparser\\:info-attr-id=${quoted}]`) as HTMLElement | null;
        if (host && target) {
          const top = target.getBoundingClientRect().top - host.getBoundingClientRect().top + host.scrollTop;
          host.scrollTo({ top, behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' });
        }
      });
    },
  },
  lifetimes: {
    attached() {
      const host = hostElement(this);
      if (!host) return;
      host.toggleAttribute('data-scroll-y', this.data.scrollY);
      host.toggleAttribute('data-scroll-x', this.data.scrollX);
      host.addEventListener('scroll', () => this.onScroll(host), { passive: true });
    },
  },
  methods: {
    scrollTo(pos: { top?: number; left?: number }) {
      requestAnimationFrame(() => {
        hostElement(this)?.scrollTo({ ...pos, behavior: this.data.scrollWithAnimation ? 'smooth' : 'auto' });
      });
    },
    onScroll(host: HTMLElement) {
      const { scrollTop, scrollLeft, scrollHeight, scrollWidth, clientHeight, clientWidth } = host;
      this.triggerEvent('scroll', { scrollTop, scrollLeft, scrollHeight, scrollWidth, deltaX: 0, deltaY: 0 });
      const atUpper = this.data.scrollY ? scrollTop <= this.data.upperThreshold : scrollLeft <= this.data.upperThreshold;
      const atLower = this.data.scrollY ? scrollHeight - scrollTop - clientHeight <= this.data.lowerThreshold : scrollWidth - scrollLeft - clientWidth <= this.data.lowerThreshold;
      if (atUpper && !this.data.atUpper) this.triggerEvent('scrolltoupper', { direction: this.data.scrollY ? 'top' : 'left' });
      if (atLower && !this.data.atLower) this.triggerEvent('scrolltolower', { direction: this.data.scrollY ? 'bottom' : 'right' });
      this.data.atUpper = atUpper;
      this.data.atLower = atLower;
    },
  },
});
