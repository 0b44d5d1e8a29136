// A row of category chips that scrolls sideways; one is selected. Emits `change` {id}.
export interface CategoryChip {
  id: string;
  name: string;
}

Component({
  properties: {
    chips: { type: Array, value: [] as CategoryChip[] },
    /** The selected chip's id. */
    current: { type: String, value: '' },
  },
  methods: {
    onTap(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const id = e.currentTarget.dataset.id;
      if (id !== this.data.current) this.triggerEvent('change', { id });
    },
  },
});
