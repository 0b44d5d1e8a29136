// An unread badge: a red count (99+ past 99), or a small dot when `dot` is set (muted
// conversations: "something new" without nagging with a number). Nothing when there is nothing.
import { badgeText } from './badge-text';

Component({
  properties: {
    count: { type: Number, value: 0 },
    dot: { type: Boolean, value: false },
    /** Counts above it show as `${max}+`. */
    max: { type: Number, value: 99 },
  },
  data: { text: '' },
  observers: {
    'count, max'(count: number, max: number) {
      this.setData({ text: badgeText(count, max) });
    },
  },
});
