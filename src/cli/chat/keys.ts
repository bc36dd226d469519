// Keys from a raw-mode terminal: bytes in, named keys and typed text out. Pure, so tests can feed it bytes.

/** One key press (or a run of typed characters). */
export type Key =
  | { name: 'text'; text: string }
  | {
      name:
        | 'enter'
        | 'backspace'
        | 'delete'
        | 'left'
        | 'right'
        | 'up'
        | 'down'
        | 'home'
        | 'end'
        | 'pageup'
        | 'pagedown'
        | 'tab'
        | 'escape'
        | 'word-left'
        | 'word-right'
        | 'next-window'
        | 'previous-window';
    }
  | { name: 'ctrl'; letter: string }
  | { name: 'window'; number: number };

/** CSI and SS3 sequences by their body (after ESC [ or ESC O). */
const SEQUENCES: Record<string, Key> = {
  A: { name: 'up' },
  B: { name: 'down' },
  C: { name: 'right' },
  D: { name: 'left' },
  H: { name: 'home' },
  F: { name: 'end' },
  '1~': { name: 'home' },
  '7~': { name: 'home' },
  '4~': { name: 'end' },
  '8~': { name: 'end' },
  '3~': { name: 'delete' },
  '5~': { name: 'pageup' },
  '6~': { name: 'pagedown' },
  '1;5C': { name: 'word-right' },
  '1;5D': { name: 'word-left' },
  '1;3C': { name: 'next-window' },
  '1;3D': { name: 'previous-window' },
};

/** Turns the bytes a terminal sends into keys; keeps an unfinished UTF-8 character or escape for the next chunk. */
export class KeyDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private pending = '';

  /** Decode one chunk. */
  push(chunk: Uint8Array): Key[] {
    const input = this.pending + this.utf8.decode(chunk, { stream: true });
    this.pending = '';
    const keys: Key[] = [];
    let text = '';
    const flush = (): void => {
      if (text) keys.push({ name: 'text', text });
      text = '';
    };
    for (let i = 0; i < input.length;) {
      const char = input[i]!;
      const code = char.charCodeAt(0);
      if (char === '\x1b') {
        flush();
        const consumed = this.escape(input, i, keys);
        if (consumed === 0) {
          this.pending = input.slice(i);
          break;
        }
        i += consumed;
        continue;
      }
      if (code < 0x20 || code === 0x7f) {
        flush();
        keys.push(control(code));
        i++;
        continue;
      }
      text += char;
      i++;
    }
    flush();
    return keys;
  }

  /** An escape sequence at input[at]: how many characters it took (0 when it is unfinished). */
  private escape(input: string, at: number, keys: Key[]): number {
    const next = input[at + 1];
    if (next === undefined) {
      // A lone ESC at the end of a chunk: the Escape key (terminals send whole sequences in one write).
      keys.push({ name: 'escape' });
      return 1;
    }
    if (next === '[' || next === 'O') {
      let end = at + 2;
      while (end < input.length && !/[\x40-\x7e]/.test(input[end]!)) end++;
      if (end >= input.length) return 0;
      const body = input.slice(at + 2, end + 1);
      const key = SEQUENCES[body];
      if (key) keys.push(key);
      return end + 1 - at;
    }
    if (next >= '1' && next <= '9') {
      keys.push({ name: 'window', number: Number(next) });
      return 2;
    }
    if (next === '\x7f') {
      keys.push({ name: 'ctrl', letter: 'w' }); // Alt-Backspace: delete a word
      return 2;
    }
    keys.push({ name: 'escape' });
    return 1;
  }
}

function control(code: number): Key {
  if (code === 0x0d || code === 0x0a) return { name: 'enter' };
  if (code === 0x7f || code === 0x08) return { name: 'backspace' };
  if (code === 0x09) return { name: 'tab' };
  return { name: 'ctrl', letter: String.fromCharCode(code + 0x60) };
}
