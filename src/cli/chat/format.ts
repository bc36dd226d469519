// How lines look: time, a colour per nick, actions (/me), notices and errors, all as styled spans.
import type { Entry, PendingLine } from './windows.js';
import type { Span } from './text.js';
import { sanitize } from './text.js';

// Colours that read on dark and light backgrounds alike (no black, white or blue-on-black).
const NICK_COLOURS = ['31', '32', '33', '35', '36', '91', '92', '93', '94', '95', '96', '34'];

/** The colour of a nick: the same nick always gets the same colour. */
export function nickColour(nick: string): string {
  let hash = 2166136261;
  for (const char of nick.toLowerCase()) hash = Math.imul(hash ^ char.codePointAt(0)!, 16777619);
  return NICK_COLOURS[(hash >>> 0) % NICK_COLOURS.length]!;
}

/** HH:MM in local time. */
export function clock(ts: number): string {
  const d = new Date(ts);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The text of a /me action, or null when the message is not one. */
export function actionText(text: string): string | null {
  return text.startsWith('/me ') ? text.slice(4) : null;
}

/** Whether a text mentions a nick as a word. */
export function mentions(text: string, nick: string | undefined): boolean {
  if (!nick) return false;
  const escaped = nick.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}_])${escaped}($|[^\\p{L}\\p{N}_])`, 'iu').test(text);
}

/** A window line as spans, and how many cells its prefix takes (continuation lines are indented by it). */
export function formatEntry(entry: Entry): { spans: Span[]; indent: number } {
  const time = `${clock(entry.ts)} `;
  const head: Span = { text: time, style: '2' };
  if (entry.kind === 'info') {
    return {
      spans: [head, { text: '-!- ', style: '36' }, { text: sanitize(entry.text), style: '2' }],
      indent: 10,
    };
  }
  if (entry.kind === 'error') {
    return {
      spans: [head, { text: '! ', style: '1;31' }, { text: sanitize(entry.text), style: '31' }],
      indent: 8,
    };
  }
  return formatMessage(entry, head);
}

function formatMessage(
  entry: Extract<Entry, { kind: 'message' }>,
  head: Span,
): { spans: Span[]; indent: number } {
  const nick = sanitize(entry.from);
  const colour = entry.own ? `1;${nickColour(entry.from)}` : nickColour(entry.from);
  const body = entry.mention ? '1;93' : undefined;
  const indent = head.text.length + 2;
  const action = actionText(entry.text);
  if (action !== null) {
    const prefix = [head, { text: '* ', style: '1' }, { text: nick, style: colour }, { text: ' ' }];
    return { spans: [...prefix, styled(sanitize(action), body)], indent };
  }
  const prefix: Span[] = [
    head,
    { text: '<', style: '2' },
    { text: nick, style: colour },
    { text: '> ', style: '2' },
  ];
  return { spans: [...prefix, styled(sanitize(entry.text), body)], indent };
}

/** A line still being sent: shown dimmed with the time it was typed. */
export function formatPending(line: PendingLine, nick: string): { spans: Span[]; indent: number } {
  const action = actionText(line.text);
  const text = action !== null ? `* ${nick} ${action}` : `<${nick}> ${line.text}`;
  return {
    spans: [
      { text: '--:-- ', style: '2' },
      { text: sanitize(text), style: '2' },
      { text: ' (sending…)', style: '2;3' },
    ],
    indent: 8,
  };
}

function styled(text: string, style: string | undefined): Span {
  return style ? { text, style } : { text };
}
