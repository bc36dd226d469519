// The terminal client's windows: a status window, one per room, one per direct conversation. Each keeps its
// scrollback, the lines still being sent, and unread counts while it is in the background.
import { foldNick } from '../../protocol/index.js';

/** One line of a window. */
export type Entry =
  | {
      kind: 'message';
      ts: number;
      from: string;
      text: string;
      own: boolean;
      history: boolean;
      /** The text mentions our nick. */
      mention: boolean;
      /** The room's (or conversation's) sequence number: /history pages back from the oldest. */
      seq?: number;
    }
  | { kind: 'info'; ts: number; text: string }
  | { kind: 'error'; ts: number; text: string };

/** A line typed but not acknowledged yet (queued while offline, or on its way). */
export interface PendingLine {
  readonly id: number;
  readonly text: string;
}

/** Scrollback kept per window. */
const MAX_ENTRIES = 2000;

/** One window. */
export class ChatWindow {
  readonly entries: Entry[] = [];
  readonly pending: PendingLine[] = [];
  /** Messages that arrived while the window was in the background. */
  unread = 0;
  /** One of them mentions us, or it is a direct message. */
  highlight = false;
  /** Rows scrolled up from the bottom (0: following new messages). */
  scroll = 0;

  constructor(
    readonly kind: 'status' | 'room' | 'dm',
    /** The room name, the other nick, or 'parley' for the status window. */
    readonly target: string,
  ) {}

  /** The name shown in the window list: rooms as they are named, conversations as @nick. */
  get label(): string {
    return this.kind === 'dm' ? `@${this.target}` : this.target;
  }

  /** Add a line at the bottom. */
  add(entry: Entry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  /** Add older lines at the top (from /history). */
  prepend(entries: Entry[]): void {
    this.entries.unshift(...entries);
  }
}

/** The windows in the order they were opened, and which one is shown. */
export class WindowList {
  readonly all: ChatWindow[] = [new ChatWindow('status', 'parley')];
  private index = 0;

  /** The window on screen. */
  get current(): ChatWindow {
    return this.all[this.index]!;
  }

  /** The status window. */
  get status(): ChatWindow {
    return this.all[0]!;
  }

  /** A room's window, opened if needed. */
  room(name: string): ChatWindow {
    return this.find('room', name) ?? this.open(new ChatWindow('room', name));
  }

  /** A direct conversation's window, opened if needed (nicks compare case-insensitively). */
  dm(nick: string): ChatWindow {
    return this.find('dm', nick) ?? this.open(new ChatWindow('dm', nick));
  }

  /** A window by kind and target, if open. */
  find(kind: 'room' | 'dm', target: string): ChatWindow | undefined {
    const key = kind === 'dm' ? foldNick(target) : target;
    return this.all.find((w) => w.kind === kind && (kind === 'dm' ? foldNick(w.target) : w.target) === key);
  }

  /** Close a window (never the status window); shows the one before it if it was on screen. */
  close(window: ChatWindow): void {
    const at = this.all.indexOf(window);
    if (at <= 0) return;
    this.all.splice(at, 1);
    if (this.index >= at) this.index = Math.max(0, this.index - 1);
  }

  /** Show a window. */
  show(window: ChatWindow): void {
    const at = this.all.indexOf(window);
    if (at < 0) return;
    this.index = at;
    window.unread = 0;
    window.highlight = false;
  }

  /** Show the window with this 1-based number; false when there is none. */
  showNumber(n: number): boolean {
    const window = this.all[n - 1];
    if (!window) return false;
    this.show(window);
    return true;
  }

  /** Show the next (1) or previous (-1) window, wrapping around. */
  cycle(step: 1 | -1): void {
    this.show(this.all[(this.index + step + this.all.length) % this.all.length]!);
  }

  /** Find a window by what a user types: a number, a room name (with or without #), or @nick. */
  lookup(query: string): ChatWindow | undefined {
    if (/^\d+$/.test(query)) return this.all[Number(query) - 1];
    if (query.startsWith('@')) return this.find('dm', query.slice(1));
    return (
      this.find('room', query) ??
      this.find('room', query.startsWith('#') ? query.slice(1) : `#${query}`) ??
      this.find('dm', query)
    );
  }

  private open(window: ChatWindow): ChatWindow {
    this.all.push(window);
    return window;
  }

  /** Add a line to a window; in the background it counts as unread (messages only). */
  add(window: ChatWindow, entry: Entry): void {
    window.add(entry);
    if (window !== this.current && entry.kind === 'message' && !entry.history) {
      window.unread++;
      if (entry.mention || window.kind === 'dm') window.highlight = true;
    }
    // Keep a scrolled-up view where it is while lines arrive below it.
    if (window.scroll > 0) window.scroll++;
  }
}
