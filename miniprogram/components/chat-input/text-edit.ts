// Editing the draft without the keyboard (emoji picker): insert at the cursor, delete one symbol.
// Cursors are UTF-16 offsets, as the input's bindinput/bindblur report them.

export interface Edit {
  value: string;
  cursor: number;
}

/** Inserts at `cursor`; a cursor outside the text (unknown, -1) appends. */
export function insertAt(value: string, cursor: number, insert: string): Edit {
  const at = cursor >= 0 && cursor <= value.length ? cursor : value.length;
  return { value: value.slice(0, at) + insert + value.slice(at), cursor: at + insert.length };
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const VARIATION_SELECTOR_16 = 0xfe0f;

/** Deletes the symbol before `cursor`: a whole emoji (surrogate pair, with its VS16), not half of it. */
export function deleteBefore(value: string, cursor: number): Edit {
  const end = cursor >= 0 && cursor <= value.length ? cursor : value.length;
  if (end === 0) return { value, cursor: 0 };
  let start = end - 1;
  if (value.charCodeAt(start) === VARIATION_SELECTOR_16 && start > 0) start -= 1;
  if (start > 0 && isLowSurrogate(value.charCodeAt(start))) start -= 1;
  return { value: value.slice(0, start) + value.slice(end), cursor: start };
}
