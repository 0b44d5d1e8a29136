// One group in the directory, search results or recommendations: avatar, name, member count,
// category and tags, a line of description. Tap emits `open` {id}; the page opens the profile.
import { EMPTY_GROUP_CARD, type GroupCardView } from './group-card-view';

Component({
  properties: {
    /** Prepared by toGroupCard (group-card-view.ts). */
    group: { type: Object, value: EMPTY_GROUP_CARD },
  },
  methods: {
    onTap() {
      this.triggerEvent('open', { id: (this.data.group as GroupCardView).id });
    },
  },
});
