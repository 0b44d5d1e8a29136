// What a conversation row reveals when swiped left, as in WeChat's chat list: pin, mute, delete
// (from my list only; a new message brings the row back). The words are the catalogue's list_swipe*
// keys; the sizes match conversation-cell.wxss.
export type SwipeAction = 'pin' | 'mute' | 'delete';

/** Three buttons of 144rpx (conversation-cell.wxss `.swipe__action`). */
const ACTIONS_RPX = 3 * 144;

export function actionsWidthPx(windowWidth: number): number {
  return (ACTIONS_RPX * windowWidth) / 750;
}

/**
 * Where a released row settles: open (showing the buttons) once dragged past a third of their
 * width, else shut. `x` is the row's offset when the finger lifted (0 shut, negative open).
 */
export function settle(x: number, actionsPx: number): number {
  return x < -actionsPx / 3 ? -actionsPx : 0;
}
