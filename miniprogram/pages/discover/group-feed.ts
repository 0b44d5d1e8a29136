// A paged list of groups (directory of a category, or search results) that a newer question
// replaces: answers to an older question are dropped, so typing fast never shows stale results.
import type { GroupSummaryWire } from '../../services/groups';
import { failureText } from '../../utils/reasons';

export interface FeedPage {
  groups: GroupSummaryWire[];
  nextOffset?: number;
}

export type FeedLoader = (offset: number) => Promise<FeedPage>;

export interface FeedState {
  groups: GroupSummaryWire[];
  loading: boolean;
  done: boolean;
  error: string;
}

export class GroupFeed {
  private loader: FeedLoader | null = null;
  private generation = 0;
  private nextOffset: number | undefined = 0;
  state: FeedState = { groups: [], loading: false, done: false, error: '' };

  constructor(private readonly onChange: (state: FeedState) => void) {}

  /** Starts over with a new question; resolves when its first page is in. */
  reset(loader: FeedLoader): Promise<void> {
    this.loader = loader;
    this.generation++;
    this.nextOffset = 0;
    this.set({ groups: [], loading: false, done: false, error: '' });
    return this.more();
  }

  /** The next page, when there is one and none is loading. */
  async more(): Promise<void> {
    const loader = this.loader;
    const offset = this.nextOffset;
    if (!loader || offset === undefined || this.state.loading) return;
    const generation = this.generation;
    this.set({ ...this.state, loading: true, error: '' });
    try {
      const page = await loader(offset);
      if (generation !== this.generation) return;
      this.nextOffset = page.nextOffset;
      const seen = new Set(this.state.groups.map((g) => g.conversationId));
      const fresh = page.groups.filter((g) => !seen.has(g.conversationId));
      this.set({ groups: [...this.state.groups, ...fresh], loading: false, done: page.nextOffset === undefined, error: '' });
    } catch (err) {
      if (generation !== this.generation) return;
      this.set({ ...this.state, loading: false, error: failureText(err) });
    }
  }

  private set(state: FeedState): void {
    this.state = state;
    this.onChange(state);
  }
}
