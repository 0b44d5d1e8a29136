// <picker> (selector mode): a bottom sheet listing the range; bindchange gets {value: index}.
Component({
  properties: {
    mode: { type: String, value: 'selector' },
    range: { type: Array, value: [] },
    rangeKey: { type: String, value: '' },
    value: { type: null, value: 0 },
    disabled: { type: Boolean, value: false },
  },
  methods: {
    open() {
      if (this.data.disabled) return;
      if (this.data.mode !== 'selector') {
        console.warn(`picker mode "${this.data.mode}" is not available in the preview`);
        return;
      }
      const key = this.data.rangeKey;
      const itemList = (this.data.range as unknown[]).map((r) => String(key && r && typeof r === 'object' ? (r as Record<string, unknown>)[key] : r));
      wx.showActionSheet({ itemList }).then(
        (res) => this.triggerEvent('change', { value: res.tapIndex }),
        () => this.triggerEvent('cancel', {}),
      );
    },
  },
});
