// What each key does in the terminal UI: editing, sending, scrolling, switching windows, completing nicks.
import type { LineEditor } from './editor.js';
import type { Key } from './keys.js';
import type { WindowList } from './windows.js';

/** What keys act on. */
export interface KeyContext {
  editor: LineEditor;
  windows: WindowList;
  /** Rows one PgUp/PgDn scrolls. */
  page: number;
  /** Enter: a line was typed. */
  submit(line: string): void;
  quit(): void;
  /** Ctrl-L: draw everything again. */
  repaint(): void;
  /** The other members of a room, for Tab completion. */
  members(room: string): string[];
}

/** Apply one key. */
export function handleKey(key: Key, ctx: KeyContext): void {
  const { editor: e, windows } = ctx;
  const window = windows.current;
  switch (key.name) {
    case 'text':
      return e.insert(key.text);
    case 'enter':
      return ctx.submit(e.submit());
    case 'backspace':
      return e.backspace();
    case 'delete':
      return e.deleteForward();
    case 'left':
      return e.move(-1);
    case 'right':
      return e.move(1);
    case 'home':
      return e.home();
    case 'end':
      return e.end();
    case 'word-left':
      return e.wordLeft();
    case 'word-right':
      return e.wordRight();
    case 'up':
      return e.historyBack();
    case 'down':
      return e.historyForward();
    case 'pageup':
      window.scroll += ctx.page;
      return;
    case 'pagedown':
      window.scroll = Math.max(0, window.scroll - ctx.page);
      return;
    case 'tab':
      return complete(ctx);
    case 'next-window':
      return windows.cycle(1);
    case 'previous-window':
      return windows.cycle(-1);
    case 'window':
      windows.showNumber(key.number);
      return;
    case 'escape':
      return;
    case 'ctrl':
      return control(key.letter, ctx);
  }
}

function control(letter: string, ctx: KeyContext): void {
  const e = ctx.editor;
  switch (letter) {
    case 'c':
      return ctx.quit();
    case 'd':
      if (!e.text) ctx.quit();
      return;
    case 'a':
      return e.home();
    case 'e':
      return e.end();
    case 'u':
      return e.killToStart();
    case 'k':
      return e.killToEnd();
    case 'w':
      return e.deleteWord();
    case 'n':
      return ctx.windows.cycle(1);
    case 'p':
      return ctx.windows.cycle(-1);
    case 'l':
      return ctx.repaint();
  }
}

/** Tab: complete the nick being typed ("bo" → "bob: " alone on the line, "bob " within it). */
function complete(ctx: KeyContext): void {
  const window = ctx.windows.current;
  const word = ctx.editor.wordAtCursor().toLowerCase();
  if (!word || window.kind !== 'room') return;
  const nick = ctx.members(window.target).find((m) => m.toLowerCase().startsWith(word));
  if (!nick) return;
  const alone = ctx.editor.text.trim().toLowerCase() === word;
  ctx.editor.replaceWord(alone ? `${nick}: ` : `${nick} `);
}
