// One member: avatar, name (and "me"), role badge, a muted note. Tap emits `select` {openid}.
import { EMPTY_MEMBER_ROW, type MemberRowView } from './member-row-view';
import { withLocale } from '../../../utils/locale-binding';

Component({
  ...withLocale,
  properties: {
    member: { type: Object, value: EMPTY_MEMBER_ROW },
  },
  methods: {
    onTap() {
      this.triggerEvent('select', { openid: (this.data.member as MemberRowView).openid });
    },
  },
});
