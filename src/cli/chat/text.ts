// Terminal text: display widths (wide CJK and emoji take two cells), sanitising what other people send (no escape
// sequence from the network ever reaches the terminal), styled spans, and word wrapping.

/** A run of text in one style; style is an SGR parameter list such as '1;36' (empty for plain). */
export interface Span {
  text: string;
  style?: string;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}]$/u;
const WIDE: [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x2753, 0x2755],
  [0x2795, 0x2797],
  [0x2b1b, 0x2b1c],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];

/** Cells one code point takes: 0 (combining, format), 2 (wide), else 1. */
export function charWidth(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x300) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  for (const [low, high] of WIDE) {
    if (code < low) return 1;
    if (code <= high) return 2;
  }
  return 1;
}

/** Cells a string takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * Make text from the network safe to print: control characters (ESC above all), bidi overrides and line breaks
 * become visible placeholders or spaces, so that nobody can move our cursor, recolour the screen or spoof a line.
 */
export function sanitize(text: string): string {
  let out = '';
  // Every break a reader might honour, Unicode's line and paragraph separators and NEL included.
  for (const char of text.replace(/\r\n|[\r\n\v\f\u0085\u2028\u2029]/g, ' ⏎ ').replace(/\t/g, '  ')) {
    const code = char.codePointAt(0)!;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    out += control || bidi ? '\ufffd' : char;
  }
  return out;
}

/** Cut text to at most `width` cells. */
export function truncate(text: string, width: number): string {
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char);
    if (used + w > width) break;
    out += char;
    used += w;
  }
  return out;
}

/** Cells a line of spans takes. */
export function spansWidth(spans: Span[]): number {
  return spans.reduce((sum, span) => sum + displayWidth(span.text), 0);
}

/** Cut a line of spans to at most `width` cells. */
export function truncateSpans(spans: Span[], width: number): Span[] {
  const out: Span[] = [];
  let left = width;
  for (const span of spans) {
    if (left <= 0) break;
    const text = truncate(span.text, left);
    left -= displayWidth(text);
    if (text) out.push({ ...span, text });
  }
  return out;
}

/** Split text into words and the spaces after them, keeping both (so wrapping loses nothing). */
function tokens(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * Wrap styled text into lines of at most `width` cells. Continuation lines start with `indent` blank cells; words
 * longer than a line are broken anywhere.
 */
export function wrapSpans(spans: Span[], width: number, indent: number): Span[][] {
  const lines: Span[][] = [[]];
  let used = 0;
  const safeIndent = Math.min(indent, Math.floor(width / 2));
  const newLine = (): void => {
    lines.push(safeIndent > 0 ? [{ text: ' '.repeat(safeIndent) }] : []);
    used = safeIndent;
  };
  const put = (text: string, style: string | undefined): void => {
    const line = lines[lines.length - 1]!;
    const last = line[line.length - 1];
    if (last && last.style === style) last.text += text;
    else line.push(style ? { text, style } : { text });
    used += displayWidth(text);
  };
  for (const span of spans) {
    for (const token of tokens(span.text)) {
      const word = token.trimEnd();
      const wordWidth = displayWidth(word);
      if (used + wordWidth > width && used > safeIndent) newLine();
      if (displayWidth(token) <= width - used) {
        put(token, span.style);
        continue;
      }
      // A word longer than the room left: break it by characters.
      for (const char of token) {
        const w = charWidth(char);
        if (used + w > width) {
          if (char === ' ') continue;
          newLine();
        }
        put(char, span.style);
      }
    }
  }
  return lines;
}
