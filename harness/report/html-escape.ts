/**
 * Escapes text for HTML element content and quoted attribute values. Every
 * string from a dataset, a suite or a detector goes through here: sample
 * text is data, never markup.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
