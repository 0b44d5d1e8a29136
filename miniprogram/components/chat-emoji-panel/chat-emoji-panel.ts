// A grid of emoji; tapping one fires `pick` with it. Plain Unicode text: phones draw it with their
// own emoji font (the preview machine has fonts-noto-color-emoji), so no image sprites to ship.
import { EMOJI } from './emoji-list';
import { withLocale } from '../../utils/locale-binding';

Component({
  ...withLocale,
  data: { emoji: EMOJI },
  methods: {
    onPick(e: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { emoji: string }>) {
      this.triggerEvent('pick', { emoji: e.currentTarget.dataset.emoji });
    },
    onDelete() {
      this.triggerEvent('backspace', {});
    },
  },
});
