// User text made safe for plain-text readers (TP6 clients, nc, a terminal): it may not forge protocol lines, whose
// meaning comes from a prefix at the start of a line, nor drive the reader's terminal. Pure.

/** Every line break a reader may honour: CRLF, CR, LF, NEL, the Unicode line and paragraph separators, VT, FF. */
export const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/;

/** What stands in for a character that must not reach a reader as it is. */
export const PLACEHOLDER = '\uFFFD';

/**
 * Characters with an effect rather than a glyph: C0 controls but tab (ESC starts terminal escape sequences), DEL,
 * C1 controls (CSI among them), and the bidi embeddings, overrides and isolates, which reorder what follows.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is what this pattern is for
const CONTROL = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/gu;

/** One line of user text with every control character replaced by a visible U+FFFD (line breaks included). */
export function neutralizeControls(text: string): string {
  return text.replace(CONTROL, PLACEHOLDER);
}

/** User text as the lines a reader will see, each one neutralised. Empty text is one empty line. */
export function safeLines(text: string): string[] {
  return text.split(LINE_BREAKS).map(neutralizeControls);
}

/**
 * User text under a prefix that says who wrote it, repeated on each of its lines, so that no line of it can pass for
 * a line of someone else's (`alice a dit : hi` then `alice a dit : bob a dit : ...`). No final newline.
 */
export function prefixEachLine(prefix: string, text: string): string {
  return safeLines(text)
    .map((line) => prefix + line)
    .join('\n');
}
