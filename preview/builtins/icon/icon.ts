// <icon>: WeChat's small set of status icons, drawn with text glyphs.
const GLYPHS: Record<string, string> = {
  success: '✔',
  success_no_circle: '✓',
  info: 'ℹ',
  warn: '!',
  waiting: '◷',
  cancel: '✕',
  download: '↓',
  search: '⌕',
  clear: '✕',
};

Component({
  properties: {
    type: { type: String, value: 'success' },
    size: { type: Number, value: 23 },
    color: { type: String, value: '' },
  },
  data: { glyph: '✔' },
  observers: {
    type(type: string) {
      this.setData({ glyph: GLYPHS[type] ?? '•' });
    },
  },
});
