// A one-line offer to be notified through WeChat ("notify me"), shown at a moment the page chose.
// The accept button's tap is what may open WeChat's consent sheet, so the page's `accept` handler
// must call wx.requestSubscribeMessage (through services/notifications) before anything else.
import { withLocale } from '../../utils/locale-binding';
Component({
  ...withLocale,
  properties: {
    text: { type: String, value: '' },
    /** '' = the catalogue's 通知我. */
    acceptText: { type: String, value: '' },
  },
  methods: {
    onAccept() {
      this.triggerEvent('accept', {});
    },
    onDismiss() {
      this.triggerEvent('dismiss', {});
    },
  },
});
