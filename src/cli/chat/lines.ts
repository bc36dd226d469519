// The line mode, for pipes and scripts: each input line is sent (or run, if it is a /command), each message is
// printed as one plain line. At the end of input it waits for every acknowledgement, says goodbye and exits.
import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatClient } from '../../client/index.js';
import { bindClient, describeError, disconnectText, openDefaultRoom } from './bind.js';
import { runCommand } from './commands.js';
import type { CommandContext } from './commands.js';
import { actionText } from './format.js';
import { sanitize } from './text.js';
import type { ChatWindow, Entry } from './windows.js';
import { WindowList } from './windows.js';

/** Streams of the line mode. */
export interface LineStreams {
  input: Readable;
  output: Writable;
  errors: Writable;
}

/** One entry as a plain line: "[#room] <nick> text", "[#room] * nick waves", "[@nick] …", "[#room] -!- …". */
export function plainLine(window: ChatWindow, entry: Entry): string {
  const where = `[${sanitize(window.label)}]`;
  if (entry.kind !== 'message')
    return `${where} ${entry.kind === 'error' ? '!' : '-!-'} ${sanitize(entry.text)}`;
  const action = actionText(entry.text);
  const from = sanitize(entry.from);
  return action !== null
    ? `${where} * ${from} ${sanitize(action)}`
    : `${where} <${from}> ${sanitize(entry.text)}`;
}

/** Run the line mode; resolves with the exit code (1 when the server cannot be reached or a send failed). */
export function runLines(client: ChatClient, rooms: string[], streams: LineStreams): Promise<number> {
  const windows = new WindowList();
  for (const room of rooms) windows.room(room);
  windows.show(windows.all[1] ?? windows.status);
  const { output, errors } = streams;
  const work = new Set<Promise<unknown>>();
  let failed = false;
  let resolveExit!: (code: number) => void;
  const exit = new Promise<number>((resolve) => (resolveExit = resolve));
  let ended = false;
  const lines = readline.createInterface({ input: streams.input, terminal: false });
  const cleanups: (() => void)[] = [];
  const end = async (code: number): Promise<void> => {
    if (ended) return;
    ended = true;
    lines.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
    await client.close();
    resolveExit(code);
  };
  // Ctrl-C or a kill: leave as /quit does, so that the others see a quit.
  const onSignal = (): void => void end(failed ? 1 : 0);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  cleanups.push(
    () => process.off('SIGINT', onSignal),
    () => process.off('SIGTERM', onSignal),
  );
  const print = (window: ChatWindow, entry: Entry): void => {
    // Notices of the status window (connected, reconnecting) are for people: they go to standard error.
    if (window.kind === 'status' || entry.kind === 'error') errors.write(`parley: ${sanitize(entry.text)}\n`);
    else output.write(`${plainLine(window, entry)}\n`);
  };
  let everConnected = false;
  const unbind = bindClient(client, windows, {
    add: print,
    state: (event) => {
      if (event.state === 'connected') everConnected = true;
      if (event.state === 'disconnected' && !everConnected) {
        errors.write(`parley: cannot connect to ${client.url.href}: ${disconnectText(event)}\n`);
        void end(1);
      }
    },
  });
  const track = (promise: Promise<unknown>): void => {
    const settled = promise.catch((error: unknown) => {
      failed = true;
      errors.write(`parley: ${describeError(error)}\n`);
    });
    work.add(settled);
    void settled.then(() => work.delete(settled));
  };
  const ctx: CommandContext = {
    client,
    windows,
    info: (text, window = windows.current) => print(window, { kind: 'info', ts: Date.now(), text }),
    say: (window, text) => {
      if (window.kind === 'status') {
        failed = true;
        errors.write('parley: not in a room: give --room, or /join one first\n');
        return;
      }
      track(
        window.kind === 'room' ? client.send(window.target, text) : client.sendDirect(window.target, text),
      );
    },
    show: (window) => windows.show(window),
    prepend: (window, entries) => entries.forEach((entry) => print(window, entry)),
    quit: () => end(failed ? 1 : 0),
  };
  cleanups.push(unbind);
  // Lines are handled in order: a command (which may need the connection) finishes before the next line, so that
  // "/join dev" then "hello" says hello in dev. Sends do not wait for their acknowledgements.
  const ready = client.connect();
  // Without --room, lines wait for the server's default room (the welcome names it).
  let chain: Promise<unknown> =
    rooms.length > 0
      ? Promise.resolve()
      : ready.then(() => track(openDefaultRoom(client, windows).joined)).catch(() => undefined);
  lines.on('line', (line) => {
    if (!line.trim() || ended) return;
    if (line.startsWith('//')) chain = chain.then(() => ctx.say(windows.current, line.slice(1)));
    else if (line.startsWith('/')) {
      const run = chain.then(() => ready).then(() => runCommand(ctx, line));
      chain = run.catch(() => undefined);
      track(run);
    } else chain = chain.then(() => ctx.say(windows.current, line));
  });
  lines.on('close', () => {
    // End of input: wait until everything typed is acknowledged (sent after reconnects if need be), then leave.
    const drain = async (): Promise<void> => {
      await chain;
      while (work.size > 0) await Promise.all([...work]);
      await end(failed ? 1 : 0);
    };
    void drain();
  });
  ready.catch((error: unknown) => {
    errors.write(`parley: ${describeError(error)}\n`);
    void end(1);
  });
  return exit;
}
