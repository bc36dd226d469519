// The input line: text, cursor, editing keys and a history of submitted lines. Pure; the view draws it.
import { charWidth, displayWidth } from './text.js';

/** How many submitted lines Up and Down go back through. */
const HISTORY_LIMIT = 200;

/** A single-line editor. Positions count code points, so a surrogate pair is never split. */
export class LineEditor {
  private chars: string[] = [];
  private at = 0;
  private readonly history: string[] = [];
  private browsing = -1;
  private draft = '';

  /** The current text. */
  get text(): string {
    return this.chars.join('');
  }

  /** The cursor position, in code points. */
  get cursor(): number {
    return this.at;
  }

  /** Type text at the cursor. */
  insert(text: string): void {
    const added = [...text];
    this.chars.splice(this.at, 0, ...added);
    this.at += added.length;
  }

  /** Delete the character left of the cursor. */
  backspace(): void {
    if (this.at === 0) return;
    this.chars.splice(--this.at, 1);
  }

  /** Delete the character under the cursor. */
  deleteForward(): void {
    this.chars.splice(this.at, 1);
  }

  /** Move the cursor by n characters. */
  move(n: number): void {
    this.at = Math.max(0, Math.min(this.chars.length, this.at + n));
  }

  /** Cursor to the start. */
  home(): void {
    this.at = 0;
  }

  /** Cursor to the end. */
  end(): void {
    this.at = this.chars.length;
  }

  /** Move to the start of the previous word. */
  wordLeft(): void {
    while (this.at > 0 && this.chars[this.at - 1] === ' ') this.at--;
    while (this.at > 0 && this.chars[this.at - 1] !== ' ') this.at--;
  }

  /** Move past the end of the next word. */
  wordRight(): void {
    while (this.at < this.chars.length && this.chars[this.at] === ' ') this.at++;
    while (this.at < this.chars.length && this.chars[this.at] !== ' ') this.at++;
  }

  /** Delete the word before the cursor (Ctrl-W). */
  deleteWord(): void {
    const end = this.at;
    this.wordLeft();
    this.chars.splice(this.at, end - this.at);
  }

  /** Delete from the start to the cursor (Ctrl-U). */
  killToStart(): void {
    this.chars.splice(0, this.at);
    this.at = 0;
  }

  /** Delete from the cursor to the end (Ctrl-K). */
  killToEnd(): void {
    this.chars.length = this.at;
  }

  /** The word being typed at the cursor, for completion. */
  wordAtCursor(): string {
    let start = this.at;
    while (start > 0 && this.chars[start - 1] !== ' ') start--;
    return this.chars.slice(start, this.at).join('');
  }

  /** Replace the word before the cursor. */
  replaceWord(word: string): void {
    const end = this.at;
    let start = end;
    while (start > 0 && this.chars[start - 1] !== ' ') start--;
    const replacement = [...word];
    this.chars.splice(start, end - start, ...replacement);
    this.at = start + replacement.length;
  }

  /** Take the line (Enter): returns it, clears the editor and remembers it for Up. */
  submit(): string {
    const line = this.text;
    if (line.trim() && this.history[this.history.length - 1] !== line) {
      this.history.push(line);
      if (this.history.length > HISTORY_LIMIT) this.history.shift();
    }
    this.set('');
    this.browsing = -1;
    return line;
  }

  /** Up: an older submitted line. */
  historyBack(): void {
    if (this.history.length === 0) return;
    if (this.browsing === -1) {
      this.draft = this.text;
      this.browsing = this.history.length;
    }
    if (this.browsing === 0) return;
    this.set(this.history[--this.browsing]!);
  }

  /** Down: a newer submitted line, then what was being typed. */
  historyForward(): void {
    if (this.browsing === -1) return;
    this.browsing++;
    if (this.browsing >= this.history.length) {
      this.browsing = -1;
      this.set(this.draft);
    } else {
      this.set(this.history[this.browsing]!);
    }
  }

  /**
   * What to show in `width` cells: a window onto the text that keeps the cursor visible, and the cursor's column.
   */
  view(width: number): { text: string; cursorCol: number } {
    const widthBefore = displayWidth(this.chars.slice(0, this.at).join(''));
    // Scroll so that the cursor stays within the last cell; whole characters only.
    let start = 0;
    let skipped = 0;
    while (widthBefore - skipped > width - 1 && start < this.at) skipped += charWidth(this.chars[start++]!);
    let text = '';
    let used = 0;
    for (let i = start; i < this.chars.length; i++) {
      const w = charWidth(this.chars[i]!);
      if (used + w > width) break;
      text += this.chars[i];
      used += w;
    }
    return { text, cursorCol: widthBefore - skipped };
  }

  private set(text: string): void {
    this.chars = [...text];
    this.at = this.chars.length;
  }
}
