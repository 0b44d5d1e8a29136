// The avatar's fallback look, kept apart from the component so other code and tests can use it.

export const PALETTE = ['#0052d9', '#2ba471', '#e37318', '#d54941', '#7e2fd9', '#0594fa', '#c6a300', '#029cd4'];

export function avatarColor(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export function avatarInitial(name: string): string {
  const trimmed = name.trim();
  return trimmed ? trimmed.charAt(0).toUpperCase() : '?';
}
