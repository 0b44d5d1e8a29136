// <switch>: WeChat's toggle; bindchange gets {value}.
Component({
  properties: {
    checked: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    color: { type: String, value: '#07c160' },
    type: { type: String, value: 'switch' },
  },
  methods: {
    toggle() {
      if (this.data.disabled) return;
      const value = !this.data.checked;
      this.setData({ checked: value });
      this.triggerEvent('change', { value });
    },
  },
});
