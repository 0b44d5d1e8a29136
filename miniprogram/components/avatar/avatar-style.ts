// The avatar's fallback look, kept apart from the component so other code and tests can use it.

// Deep enough for the white initial to keep 4.5:1 on each (test/look/contrast.test.ts).
export const PALETTE = ['#0052d9', '#1d7a52', '#a84f00', '#c5303b', '#7e2fd9', '#0a6fc2', '#836b00', '#00789f'];

export function avatarColor(name: string): string {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

export function avatarInitial(name: string): string {
  const trimmed = name.trim();
  return trimmed ? trimmed.charAt(0).toUpperCase() : '?';
}
