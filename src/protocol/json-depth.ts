// How deeply a JSON text nests, found by one linear scan before it is parsed. Pure, and light enough for browsers.
// JSON.parse itself copes with deep nesting, but what handles the value afterwards (JSON.stringify of a reply,
// schema validation, any recursive walk) recurses once per level and overflows the stack: a frame that nests
// thousands of levels must be refused before it becomes a value.

/** The deepest nesting of arrays and objects a peer may send: no message of any dialect comes near it. */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether the arrays and objects of a JSON text nest deeper than `limit` levels (`[]` is one level). Brackets inside
 * strings do not count; an escaped quote does not end a string. Stops at the first level past the limit. Text that
 * is not JSON is scanned the same way: JSON.parse reports its errors afterwards.
 */
export function jsonNestsDeeper(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH)
        i++; // the escaped character, a quote or a backslash included, is string content
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
      depth--;
    }
  }
  return false;
}

/** The message that goes with an invalid_json refusal of a text that nests too deeply. */
export function tooDeepMessage(limit: number = MAX_JSON_DEPTH): string {
  return `the JSON nests arrays and objects deeper than ${limit} levels`;
}
