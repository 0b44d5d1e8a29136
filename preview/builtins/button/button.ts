// <button>: WeChat's button (type, size, plain, disabled, loading) and its open-types: share calls
// the page's onShareAppMessage, chooseAvatar opens the file picker, agreePrivacyAuthorization agrees.
import { hostElement } from '../dom';

declare const wx: WechatMiniprogram.Wx & { __share?: () => void };

Component({
  properties: {
    type: { type: String, value: 'default' },
    size: { type: String, value: 'default' },
    plain: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    loading: { type: Boolean, value: false },
    openType: { type: String, value: '' },
    formType: { type: String, value: '' },
  },
  observers: {
    'type, size, plain, disabled'() {
      this.paint();
    },
  },
  lifetimes: {
    attached() {
      this.paint();
      // a real <button> host: disabled buttons swallow clicks, which glass-easel's tap needs
      hostElement(this)?.addEventListener('click', () => this.onClick(), false);
    },
  },
  methods: {
    paint() {
      const host = hostElement(this);
      if (!host) return;
      host.dataset.type = this.data.type;
      host.dataset.size = this.data.size;
      host.toggleAttribute('data-plain', this.data.plain);
      host.toggleAttribute('disabled', this.data.disabled);
    },
    onClick() {
      if (this.data.disabled || this.data.loading) return;
      const openType = this.data.openType;
      const g = globalThis as unknown as { getCurrentPages(): Record<string, unknown>[] };
      if (openType === 'share') {
        const pages = g.getCurrentPages();
        const page = pages[pages.length - 1];
        const fn = page?.onShareAppMessage as ((o: unknown) => unknown) | undefined;
        const result = fn?.call(page, { from: 'button', target: { dataset: {} } });
        console.info('[preview] share', result);
        void wx.showToast({ title: '已分享 (预览)', icon: 'none' });
      } else if (openType === 'chooseAvatar') {
        wx.chooseImage({ count: 1 }).then(
          (res) => this.triggerEvent('chooseavatar', { avatarUrl: res.tempFilePaths[0] }),
          () => undefined,
        );
      } else if (openType === 'agreePrivacyAuthorization') {
        this.triggerEvent('agreeprivacyauthorization', {});
      }
    },
  },
});
