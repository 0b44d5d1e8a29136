/** The picker's emoji, most used first; single code points (or with VS16) so each is one glyph.
 *  39 of them: with the delete key they fill five rows of eight. */
export const EMOJI: readonly string[] = [
  '😀', '😁', '😂', '🤣', '😊', '😍', '😘', '😎',
  '🤔', '😅', '😭', '😡', '😱', '😴', '🥰', '😉',
  '🙂', '🙃', '😐', '😢', '😤', '🤗', '🤝', '👍',
  '👎', '👏', '🙏', '💪', '👌', '✌️', '👋', '🎉',
  '❤️', '💔', '🔥', '⭐', '🌹', '☕', '🍺',
];
