// <navigator>: a tap runs the matching wx navigation API.
import { hostElement } from '../dom';

Component({
  properties: {
    url: { type: String, value: '' },
    openType: { type: String, value: 'navigate' },
    delta: { type: Number, value: 1 },
  },
  lifetimes: {
    attached() {
      hostElement(this)?.addEventListener('click', () => this.go());
    },
  },
  methods: {
    go() {
      const { url, openType, delta } = this.data;
      if (openType === 'navigateBack') void wx.navigateBack({ delta });
      else if (openType === 'redirect') void wx.redirectTo({ url });
      else if (openType === 'switchTab') void wx.switchTab({ url });
      else if (openType === 'reLaunch') void wx.reLaunch({ url });
      else void wx.navigateTo({ url });
    },
  },
});
