// Confusable skeletons of nicknames (Unicode TR39 §4): two nicks with the same skeleton look alike on screen.
// The prototype table is Unicode's confusables.txt as the unhomoglyph package ships it (one entry per code point).
import { createRequire } from 'node:module';

/** confusables.txt: each confusable code point and the prototype it looks like. */
const PROTOTYPES = new Map<string, string>(
  Object.entries(createRequire(import.meta.url)('unhomoglyph/data.json') as Record<string, string>),
);

/**
 * Latin small capitals that confusables.txt keeps as prototypes of their own (ʟ, ʙ, ᴀ...), while a small capital
 * reads as its letter, and nicks ignore case: `aʟice` is `aLice` is `alice`. Each maps to its lower-case letter.
 */
const SMALL_CAPITALS = new Map<string, string>(
  Object.entries({
    '\u0262': 'g', // ɢ
    '\u026A': 'i', // ɪ
    '\u0274': 'n', // ɴ
    '\u0276': 'oe', // ɶ
    '\u0280': 'r', // ʀ
    '\u028F': 'y', // ʏ
    '\u0299': 'b', // ʙ
    '\u029C': 'h', // ʜ
    '\u029F': 'l', // ʟ
    '\u1D00': 'a', // ᴀ
    '\u1D01': 'ae', // ᴁ
    '\u1D04': 'c', // ᴄ
    '\u1D05': 'd', // ᴅ
    '\u1D07': 'e', // ᴇ
    '\u1D0A': 'j', // ᴊ
    '\u1D0B': 'k', // ᴋ
    '\u1D0D': 'm', // ᴍ
    '\u1D0F': 'o', // ᴏ
    '\u1D18': 'p', // ᴘ
    '\u1D1B': 't', // ᴛ
    '\u1D1C': 'u', // ᴜ
    '\u1D20': 'v', // ᴠ
    '\u1D21': 'w', // ᴡ
    '\u1D22': 'z', // ᴢ
    '\uA730': 'f', // ꜰ
    '\uA731': 's', // ꜱ
    '\uA7AF': 'q', // ꞯ
  }),
);

/** The TR39 skeleton of a text: NFD, each code point replaced by its prototype, NFD again. */
export function tr39Skeleton(text: string): string {
  let out = '';
  for (const char of text.normalize('NFD')) out += PROTOTYPES.get(char) ?? char;
  return out.normalize('NFD');
}

/** One round: the skeleton, small capitals read as letters, case ignored (prototypes such as 'O' for '0' are capitals). */
function round(text: string): string {
  let out = '';
  for (const char of tr39Skeleton(text)) out += SMALL_CAPITALS.get(char) ?? char;
  return out.toLowerCase();
}

/** What a text looks like, case ignored: texts with the same look-alike key are confusable. */
export function lookAlikeKey(text: string): string {
  // A second round settles what the first one's lower-casing turned into something confusables.txt maps again.
  return round(round(text));
}

/**
 * The look-alike keys of a nickname: its case-folded NFKC form's look-alike key, and the plain TR39 skeleton of its
 * NFKC form as typed. The second, because folding changes what a nick looks like: `aIice` (capital i) reads as
 * `alice` yet folds to `aiice`. It stays case-sensitive (and apart, by its prefix), or `ALICE` (skeleton `ALlCE`)
 * would look like `allce`.
 */
export function nickLookAlikeKeys(nick: string): string[] {
  const nfkc = nick.normalize('NFKC');
  return [`~${lookAlikeKey(nfkc.toLowerCase())}`, `=${tr39Skeleton(nfkc)}`];
}
