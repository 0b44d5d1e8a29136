// A one-line offer to be notified through WeChat ("notify me"), shown at a moment the page chose.
// The accept button's tap is what may open WeChat's consent sheet, so the page's `accept` handler
// must call wx.requestSubscribeMessage (through services/notifications) before anything else.
Component({
  properties: {
    text: { type: String, value: '' },
    acceptText: { type: String, value: '通知我' },
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
