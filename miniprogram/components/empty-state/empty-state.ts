// A page-sized empty state: icon, title, optional description and one action (bind:action).
Component({
  properties: {
    /** A short glyph or emoji shown in the round badge. */
    icon: { type: String, value: '○' },
    title: { type: String, value: '' },
    description: { type: String, value: '' },
    /** No button when empty. */
    actionText: { type: String, value: '' },
  },
  methods: {
    onAction() {
      this.triggerEvent('action', {});
    },
  },
});
