// A round avatar: the picture when there is one, else the name's first character on a colour
// derived from the name, so the same person keeps the same colour on every screen.

import { PALETTE, avatarColor, avatarInitial } from './avatar-style';

Component({
  properties: {
    /** Image URL or cloud file id; the initial is shown while empty or when it fails to load. */
    src: { type: String, value: '' },
    name: { type: String, value: '' },
    /** Diameter in rpx. */
    size: { type: Number, value: 88 },
  },
  data: { initial: '?', color: PALETTE[0], failed: false },
  observers: {
    name(name: string) {
      this.setData({ initial: avatarInitial(name), color: avatarColor(name) });
    },
    src() {
      this.setData({ failed: false });
    },
  },
  methods: {
    onError() {
      this.setData({ failed: true });
    },
  },
});
