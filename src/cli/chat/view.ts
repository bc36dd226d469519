// The screen's layout: the window list on top, the current window's messages, a status line, the input line.
import type { ConnectionState } from '../../client/index.js';
import type { LineEditor } from './editor.js';
import { formatEntry, formatPending } from './format.js';
import type { Frame } from './screen.js';
import type { Span } from './text.js';
import { displayWidth, sanitize, spansWidth, truncate, wrapSpans } from './text.js';
import type { ChatWindow, WindowList } from './windows.js';

/** What the status line tells. */
export interface StatusInfo {
  nick: string;
  server: string;
  state: ConnectionState;
  /** Connected at least once: a new attempt is a reconnect. */
  wasConnected: boolean;
  /** When the next attempt starts, while disconnected. */
  retryAt?: number;
  /** Messages waiting for an acknowledgement. */
  queued: number;
  /** The current room's member count and topic, when the current window is a room. */
  members?: number;
  topic?: string;
}

const BAR = '97;44';
const STATUS = '30;47';

/** The connection state in words, such as "reconnecting in 3 s". */
export function stateText(status: StatusInfo, now: number): string {
  switch (status.state) {
    case 'connected':
      return 'connected';
    case 'connecting':
      return status.wasConnected ? 'reconnecting…' : 'connecting…';
    case 'closed':
      return 'closed';
    case 'disconnected': {
      const seconds = Math.ceil(((status.retryAt ?? now) - now) / 1000);
      return seconds > 0 ? `reconnecting in ${seconds} s` : 'reconnecting…';
    }
  }
}

/** Lay out a whole frame for a terminal of this size. */
export function layout(
  windows: WindowList,
  editor: LineEditor,
  status: StatusInfo,
  size: { columns: number; rows: number },
  now: number,
): Frame {
  const { columns: width, rows: height } = size;
  const window = windows.current;
  const prompt = `${window.label}> `;
  const promptWidth = Math.min(displayWidth(prompt), Math.floor(width / 2));
  const input = editor.view(Math.max(1, width - promptWidth));
  const inputRow: Span[] = [{ text: truncate(prompt, promptWidth), style: '1' }, { text: input.text }];
  if (height < 4) {
    const rows: Span[][] = Array.from({ length: Math.max(0, height - 1) }, () => []);
    rows.push(inputRow);
    return { rows, cursor: { row: height - 1, col: promptWidth + input.cursorCol } };
  }
  const messageCount = height - 3;
  return {
    rows: [
      windowBar(windows, width),
      ...messageRows(window, status.nick, width, messageCount),
      statusBar(status, window, width, now),
      inputRow,
    ],
    cursor: { row: height - 1, col: promptWidth + input.cursorCol },
  };
}

function pad(spans: Span[], width: number, style: string): Span[] {
  const left = width - spansWidth(spans);
  return left > 0 ? [...spans, { text: ' '.repeat(left), style }] : spans;
}

function windowBar(windows: WindowList, width: number): Span[] {
  const spans: Span[] = [];
  windows.all.forEach((w, i) => {
    const current = w === windows.current;
    const label = `${i + 1}:${sanitize(w.label)}${w.unread > 0 ? `(${w.unread})` : ''}`;
    const style = current ? '1;30;46' : w.highlight ? '1;93;44' : w.unread > 0 ? '1;97;44' : BAR;
    spans.push({ text: ' ', style: BAR }, { text: label, style });
  });
  return pad(spans, width, BAR);
}

function messageRows(window: ChatWindow, nick: string, width: number, rows: number): Span[][] {
  const need = rows + window.scroll;
  const lines: Span[][] = [];
  for (let i = window.pending.length - 1; i >= 0 && lines.length < need; i--) {
    const { spans, indent } = formatPending(window.pending[i]!, nick);
    lines.unshift(...wrapSpans(spans, width, indent));
  }
  for (let i = window.entries.length - 1; i >= 0 && lines.length < need; i--) {
    const { spans, indent } = formatEntry(window.entries[i]!);
    lines.unshift(...wrapSpans(spans, width, indent));
  }
  // Scrolled past the oldest line: stop there.
  window.scroll = Math.max(0, Math.min(window.scroll, lines.length - rows));
  const end = lines.length - window.scroll;
  const visible = lines.slice(Math.max(0, end - rows), end);
  // Messages sit at the bottom, just above the status line, as in every chat program.
  while (visible.length < rows) visible.unshift([]);
  return visible;
}

function statusBar(status: StatusInfo, window: ChatWindow, width: number, now: number): Span[] {
  const state = stateText(status, now);
  const stateStyle = status.state === 'connected' ? '30;42' : status.state === 'closed' ? '97;41' : '30;43';
  const spans: Span[] = [
    { text: ` ${sanitize(status.nick)} `, style: `1;${STATUS}` },
    { text: ` ${state} `, style: stateStyle },
    { text: ` ${status.server}`, style: STATUS },
  ];
  if (window.kind === 'room') {
    const members = status.members !== undefined ? ` (${status.members})` : '';
    spans.push({ text: ` │ ${sanitize(window.label)}${members}`, style: STATUS });
  }
  if (status.queued > 0) spans.push({ text: ` │ ${status.queued} queued`, style: STATUS });
  if (window.scroll > 0) spans.push({ text: ' │ scrolled up (PgDn)', style: `1;${STATUS}` });
  if (window.kind === 'room' && status.topic)
    spans.push({ text: ` │ ${sanitize(status.topic)}`, style: STATUS });
  return pad(spans, width, STATUS);
}
