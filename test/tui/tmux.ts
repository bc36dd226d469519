// Drive the real terminal client under tmux: a private tmux server per test file, fixed pane sizes, keys in with
// send-keys, the screen out with capture-pane.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
let counter = 0;

/** A private tmux server (its own socket name), killed by kill(). */
export class Tmux {
  readonly socket = `parley-test-${process.pid}-${++counter}`;

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /**
   * Start `parley chat` with these arguments in a new session of a fixed size. When the client exits, the pane
   * stays and shows "[exited N]" so that tests can read the exit code.
   */
  chat(name: string, args: string[], size = { width: 100, height: 30 }): void {
    const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const command = `cd '${ROOT}' && node --import tsx src/cli/index.ts chat ${quoted}; echo "[exited $?]"; sleep 600`;
    this.tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(size.width),
      '-y',
      String(size.height),
      'sh',
      '-c',
      command,
    );
  }

  /** Type text literally (no key names). */
  type(name: string, text: string): void {
    this.tmux('send-keys', '-t', name, '-l', text);
  }

  /** Press keys by tmux name: Enter, C-c, M-2, PPage… */
  press(name: string, ...keys: string[]): void {
    this.tmux('send-keys', '-t', name, ...keys);
  }

  /** The screen's text now. */
  screen(name: string): string {
    return this.tmux('capture-pane', '-p', '-t', name);
  }

  /** The screen with its colours (escape sequences) kept. */
  screenWithColours(name: string): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', name);
  }

  /** The screen's rows. */
  rows(name: string): string[] {
    return this.screen(name).replace(/\n$/, '').split('\n');
  }

  /**
   * Wait until the screen shows something (a substring, or a predicate on the text). Polls a bounded number of
   * times; the bound only stops a broken test, it says nothing about speed.
   */
  async waitFor(
    name: string,
    expected: string | ((screen: string) => boolean),
    rounds = 400,
  ): Promise<string> {
    const test = typeof expected === 'string' ? (s: string) => s.includes(expected) : expected;
    let screen = '';
    for (let i = 0; i < rounds; i++) {
      screen = this.screen(name);
      if (test(screen)) return screen;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the screen of ${name} never showed ${String(expected)}; it shows:\n${screen}`);
  }

  /** Resize a session's window. */
  resize(name: string, width: number, height: number): void {
    this.tmux('resize-window', '-t', name, '-x', String(width), '-y', String(height));
  }

  /** Kill the tmux server and everything in it, and remove its socket file (tmux leaves it behind). */
  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    const dir = process.env.TMUX_TMPDIR ?? os.tmpdir();
    rmSync(path.join(dir, `tmux-${process.getuid?.() ?? 0}`, this.socket), { force: true });
  }
}
