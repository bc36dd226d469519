// `parley chat`: the terminal client. A full-screen UI on a terminal, a line-per-message mode on pipes.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ChatClient } from '../client/index.js';
import type { TlsOptions } from '../client/index.js';
import { runLines } from './chat/lines.js';
import { ChatTui } from './chat/tui.js';

/** Where to connect when no URL is given. */
export const DEFAULT_URL = 'ws://localhost:8080/ws';

/** Options of the chat command. */
interface ChatFlags {
  nick?: string;
  room: string[];
  ca?: string;
  insecure?: boolean;
  retryMax: string;
}

/**
 * A server URL as the client needs it: http(s) becomes ws(s), a WebSocket URL without a path gets /ws, and a
 * bare host:port means the native TCP port.
 */
export function normalizeUrl(input: string): URL {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `tcp://${input}`;
  const url = new URL(text.replace(/^http(s?):\/\//i, 'ws$1://'));
  if (!['ws:', 'wss:', 'tcp:', 'tls:'].includes(url.protocol)) {
    throw new Error(`unsupported URL ${input}: use ws://, wss://, tcp:// or tls://`);
  }
  if ((url.protocol === 'ws:' || url.protocol === 'wss:') && url.pathname === '/') url.pathname = '/ws';
  return url;
}

/** Add the chat command to the program. */
export function registerChat(program: Command): void {
  program
    .command('chat')
    .description('chat in the terminal (full-screen on a terminal; one line per message on a pipe)')
    .argument(
      '[server-url]',
      `ws://host:8080/ws, wss://…, tcp://host:9011 or tls://host:9011 (default ${DEFAULT_URL}, env PARLEY_URL)`,
    )
    .option('-n, --nick <nick>', 'your nick (default: one the server picks)')
    .option(
      '-r, --room <room>',
      "a room to join; repeat for more (default: the server's default room)",
      (room: string, rooms: string[]) => [...rooms, room],
      [],
    )
    .option('--ca <file>', 'trust this PEM certificate (a self-signed server) for wss:// and tls://')
    .option('--insecure', 'accept any certificate for wss:// and tls:// (testing only)')
    .option('--retry-max <seconds>', 'longest wait between reconnect attempts', '30')
    .addHelpText(
      'after',
      '\nIn the terminal, /help lists the commands and keys. On a pipe, each input line is sent (or run, if it\n' +
        'starts with /) and each message is printed as "[#room] <nick> text"; at the end of input the client\n' +
        'waits for the acknowledgements and quits.',
    )
    .action(async (serverUrl: string | undefined, flags: ChatFlags) => {
      let client: ChatClient;
      try {
        const url = normalizeUrl(serverUrl ?? process.env.PARLEY_URL ?? DEFAULT_URL);
        const retryMax = Number(flags.retryMax);
        if (!(retryMax > 0))
          throw new Error(`--retry-max must be a positive number of seconds, not ${flags.retryMax}`);
        const tls: TlsOptions = {
          ...(flags.ca ? { ca: readFileSync(flags.ca) } : {}),
          ...(flags.insecure ? { insecure: true } : {}),
        };
        client = new ChatClient({
          url,
          ...(flags.nick ? { nick: flags.nick } : {}),
          // Without --room: the server's default room, once its welcome names it.
          rooms: flags.room,
          reconnect: { maxDelayMs: retryMax * 1000 },
          ...(flags.ca || flags.insecure ? { tls } : {}),
        });
      } catch (error) {
        process.stderr.write(`parley: ${(error as Error).message}\n`);
        process.exit(2);
      }
      const rooms = client.rooms();
      const interactive = process.stdin.isTTY && process.stdout.isTTY;
      const code = interactive
        ? await new ChatTui(client, { input: process.stdin, output: process.stdout }, rooms).run()
        : await runLines(client, rooms, {
            input: process.stdin,
            output: process.stdout,
            errors: process.stderr,
          });
      process.exit(code);
    });
}
