// A media message as one line in the reader's language ("[图片]", "[File] notes.pdf"): the chat's
// quotes, the conversation list and the group preview. The server's stored previews are English
// ("[Photo]", domain/messages.ts previewOf) and are not shown.
import type { MessageKey } from '../../domain/i18n/index';
import { tr } from '../stores/locale';

const MEDIA: Record<string, MessageKey> = { image: 'preview_image', voice: 'preview_voice', video: 'preview_video', file: 'preview_file', location: 'preview_location' };

export function isMedia(type: string | undefined): boolean {
  return Boolean(type && MEDIA[type]);
}

/** '' for a type that is not media; a file's or place's name follows the bracketed word. */
export function mediaLine(type: string, name?: string): string {
  const key = MEDIA[type];
  if (!key) return '';
  return type === 'file' || type === 'location' ? `${tr(key)} ${name ?? ''}`.trim() : tr(key);
}

/** The name a stored preview carries after its bracket ('[File] notes.pdf' -> 'notes.pdf'). */
export function nameInPreview(stored: string): string {
  return stored.replace(/^\[[^\]]*\]\s*/, '');
}
