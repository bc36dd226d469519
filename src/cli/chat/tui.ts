// The full-screen terminal client: raw keys in, frames out. Every change schedules one redraw of the whole layout;
// the renderer rewrites only the rows that changed, so typing and incoming messages never step on each other.
import type { ChatClient, StateEvent } from '../../client/index.js';
import { bindClient, describeError, openDefaultRoom } from './bind.js';
import { runCommand } from './commands.js';
import type { CommandContext } from './commands.js';
import { LineEditor } from './editor.js';
import { KeyDecoder } from './keys.js';
import type { Key } from './keys.js';
import { handleKey } from './keymap.js';
import { Screen } from './screen.js';
import { layout } from './view.js';
import type { StatusInfo } from './view.js';
import type { ChatWindow, Entry } from './windows.js';
import { WindowList } from './windows.js';

/** The terminal the UI runs on. */
export interface Terminal {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

/** The interactive client; run() resolves with the exit code once the user has left. */
export class ChatTui implements CommandContext {
  readonly windows = new WindowList();
  private readonly editor = new LineEditor();
  private readonly keys = new KeyDecoder();
  private readonly screen: Screen;
  private redrawQueued = false;
  private ticker: ReturnType<typeof setInterval> | undefined;
  private lastState: StateEvent = {
    state: 'disconnected',
    reason: 'reconnect',
    retryInMs: 0,
    retryAt: 0,
    attempt: 0,
  };
  private wasConnected = false;
  private nextPending = 0;
  private finished = false;
  private quitting: Promise<void> | undefined;
  private resolveExit!: (code: number) => void;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    readonly client: ChatClient,
    private readonly terminal: Terminal,
    private readonly rooms: string[],
  ) {
    this.screen = new Screen(terminal.output);
  }

  /** Take over the terminal, connect, and run until the user quits (or the server refuses us for good). */
  run(): Promise<number> {
    const exit = new Promise<number>((resolve) => (this.resolveExit = resolve));
    const { input, output } = this.terminal;
    input.setRawMode(true);
    input.resume();
    this.screen.enter();
    const onData = (chunk: Buffer): void => this.keys.push(chunk).forEach((key) => this.key(key));
    const onResize = (): void => {
      this.screen.invalidate();
      this.redraw();
    };
    const onSignal = (): void => void this.quit();
    input.on('data', onData);
    output.on('resize', onResize);
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    // If anything goes badly wrong, give the terminal back before the error is printed.
    const restore = (): void => this.screen.leave();
    process.once('exit', restore);
    this.cleanups.push(
      () => input.off('data', onData),
      () => output.off('resize', onResize),
      () => process.off('SIGTERM', onSignal),
      () => process.off('SIGHUP', onSignal),
      () => process.off('exit', restore),
      bindClient(this.client, this.windows, {
        add: (window, entry) => {
          this.windows.add(window, entry);
          this.redraw();
        },
        state: (event) => this.stateChanged(event),
      }),
    );
    for (const room of this.rooms) this.windows.room(room);
    this.show(this.windows.all[1] ?? this.windows.status);
    this.client.connect().then(
      () => {
        if (this.rooms.length > 0 || this.client.rooms().length > 0) return;
        const { window, joined } = openDefaultRoom(this.client, this.windows);
        this.show(window);
        joined.catch((error: unknown) =>
          this.info(`cannot join ${window.target}: ${describeError(error)}`, window),
        );
      },
      (error: unknown) => this.finish(1, `parley: ${describeError(error)}`),
    );
    this.redraw();
    return exit;
  }

  info(text: string, window: ChatWindow = this.windows.current): void {
    this.windows.add(window, { kind: 'info', ts: Date.now(), text });
    this.redraw();
  }

  show(window: ChatWindow): void {
    this.windows.show(window);
    this.redraw();
  }

  prepend(window: ChatWindow, entries: Entry[]): void {
    window.prepend(entries);
    window.scroll = Number.MAX_SAFE_INTEGER; // show the older lines: the view stops at the top
    this.redraw();
  }

  say(window: ChatWindow, text: string): void {
    if (window.kind === 'status') {
      this.error('this is the status window: /join a room or /msg someone first');
      return;
    }
    const line = { id: ++this.nextPending, text };
    window.pending.push(line);
    window.scroll = 0;
    const sent =
      window.kind === 'room'
        ? this.client.send(window.target, text)
        : this.client.sendDirect(window.target, text);
    const done = (): void => {
      const at = window.pending.indexOf(line);
      if (at >= 0) window.pending.splice(at, 1);
      this.redraw();
    };
    sent.then(done, (error: unknown) => {
      done();
      if (!this.finished) this.error(`not sent: “${text}”: ${describeError(error)}`, window);
    });
  }

  quit(reason?: string): Promise<void> {
    this.quitting ??= (async () => {
      this.info('leaving…');
      await this.client.close(reason);
      this.finish(0);
    })();
    return this.quitting;
  }

  private error(text: string, window: ChatWindow = this.windows.current): void {
    this.windows.add(window, { kind: 'error', ts: Date.now(), text });
    this.redraw();
  }

  private line(text: string): void {
    if (!text.trim()) return;
    if (text.startsWith('//')) return this.say(this.windows.current, text.slice(1));
    if (!text.startsWith('/')) return this.say(this.windows.current, text);
    runCommand(this, text).catch((error: unknown) => this.error(describeError(error)));
  }

  private key(key: Key): void {
    handleKey(key, {
      editor: this.editor,
      windows: this.windows,
      page: Math.max(1, this.terminal.output.rows - 4),
      submit: (line) => this.line(line),
      quit: () => void this.quit(),
      repaint: () => this.screen.invalidate(),
      members: (room) => (this.client.room(room)?.members ?? []).filter((m) => m !== this.client.nick),
    });
    this.redraw();
  }

  private stateChanged(event: StateEvent): void {
    this.lastState = event;
    if (event.state === 'connected') this.wasConnected = true;
    // While waiting to retry, the status line counts down once a second.
    clearInterval(this.ticker);
    this.ticker = event.state === 'disconnected' ? setInterval(() => this.redraw(), 1000) : undefined;
    this.redraw();
  }

  private redraw(): void {
    if (this.redrawQueued || this.finished) return;
    this.redrawQueued = true;
    setImmediate(() => {
      this.redrawQueued = false;
      if (!this.finished) this.draw();
    });
  }

  private draw(): void {
    const window = this.windows.current;
    const room = window.kind === 'room' ? this.client.room(window.target) : undefined;
    const state = this.lastState;
    const status: StatusInfo = {
      nick: this.client.nick ?? '(guest)',
      server: this.client.url.href,
      state: this.client.state,
      wasConnected: this.wasConnected,
      queued: this.client.queued,
      ...(state.state === 'disconnected' ? { retryAt: state.retryAt } : {}),
      ...(room ? { members: room.members.length, topic: room.topic } : {}),
    };
    const size = { columns: this.terminal.output.columns, rows: this.terminal.output.rows };
    this.screen.draw(layout(this.windows, this.editor, status, size, Date.now()));
  }

  private finish(code: number, message?: string): void {
    if (this.finished) return;
    this.finished = true;
    clearInterval(this.ticker);
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.terminal.input.setRawMode(false);
    this.terminal.input.pause();
    this.screen.leave();
    if (message) process.stderr.write(`${message}\n`);
    void this.client.close().then(() => this.resolveExit(code));
  }
}
