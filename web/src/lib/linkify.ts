// Finds web links in message text so that they can be rendered as anchors; everything else stays plain text.

/** A run of message text: plain, or a link with the address it opens. */
export type TextPart = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

// Up to the first space or character that cannot end a pasted address in running text.
const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
// Sentence punctuation after a link belongs to the sentence, not the address.
const TRAILING = /[.,;:!?'*_~]+$/u;

/** Split text into plain runs and http(s) links; only http and https ever become hrefs. */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let at = 0;
  for (const match of text.matchAll(LINK)) {
    const start = match.index;
    const raw = trimLink(match[0]);
    const href = toHref(raw);
    if (!href) continue;
    if (start > at) parts.push({ kind: 'text', text: text.slice(at, start) });
    parts.push({ kind: 'link', text: raw, href });
    at = start + raw.length;
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  return parts;
}

/** Drop trailing punctuation and closing brackets that have no opening one inside the link. */
function trimLink(raw: string): string {
  let link = raw.replace(TRAILING, '');
  for (const [open, close] of [
    ['(', ')'],
    ['[', ']'],
  ] as const) {
    while (link.endsWith(close) && count(link, close) > count(link, open)) {
      link = link.slice(0, -1).replace(TRAILING, '');
    }
  }
  return link;
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function toHref(link: string): string | null {
  try {
    const url = new URL(/^www\./i.test(link) ? `https://${link}` : link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
