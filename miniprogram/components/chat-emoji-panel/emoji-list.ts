/** The picker's emoji, most used first; single code points (or with VS16) so each is one glyph. */
export const EMOJI: readonly string[] = [
  '😀', '😁', '😂', '🤣', '😊', '😍', '😘', '😎',
  '🤔', '😅', '😭', '😡', '😱', '😴', '🥰', '😉',
  '🙂', '🙃', '😐', '😢', '😤', '🤗', '🤝', '👍',
  '👎', '👏', '🙏', '💪', '👌', '✌️', '👋', '🎉',
  '❤️', '💔', '🔥', '⭐', '🌹', '☕', '🍺', '🎂',
];
