// Slash commands, shared by the terminal UI and the line mode: each one a line of help and a small handler.
import type { ChatClient } from '../../client/index.js';
import type { ChatWindow, Entry, WindowList } from './windows.js';

/** What commands can do: the client, the windows, and ways to show things and leave. */
export interface CommandContext {
  readonly client: ChatClient;
  readonly windows: WindowList;
  /** Show a notice in a window (the current one by default). */
  info(text: string, window?: ChatWindow): void;
  /** Send a line to a room or conversation, shown as pending until acknowledged. */
  say(window: ChatWindow, text: string): void;
  /** Show a window (the line mode just makes it the target of plain lines). */
  show(window: ChatWindow): void;
  /** Add older lines at the top of a window. */
  prepend(window: ChatWindow, entries: Entry[]): void;
  /** Leave: say goodbye to the server and end. */
  quit(reason?: string): Promise<void>;
}

/** A command: its usage, what it does, and its handler (errors it throws are shown to the user). */
interface Command {
  usage: string;
  help: string;
  run(ctx: CommandContext, args: string): Promise<void> | void;
}

/** A user mistake in a command, shown as it is. */
export class UsageError extends Error {}

/** The most rooms /rooms or nicks /who prints: a server's whole list could flood the screen. */
const SHOWN_MAX = 1000;

const need = (args: string, usage: string): string => {
  if (!args) throw new UsageError(`usage: ${usage}`);
  return args;
};

/** The room of the current window, or a usage error. */
function currentRoom(ctx: CommandContext, what: string): string {
  const window = ctx.windows.current;
  if (window.kind !== 'room') throw new UsageError(`${what} needs a room: switch to one, or name it`);
  return window.target;
}

const COMMANDS: Record<string, Command> = {
  join: {
    usage: '/join <room>',
    help: 'join a room and show it',
    async run(ctx, args) {
      const room = need(args.split(/\s+/)[0] ?? '', this.usage);
      const window = ctx.windows.room(room);
      ctx.show(window);
      try {
        await ctx.client.join(room);
      } catch (error) {
        ctx.windows.close(window);
        ctx.show(ctx.windows.current);
        throw error;
      }
    },
  },
  part: {
    usage: '/part [room]',
    help: 'leave the current room (or the one named); closes a conversation window',
    async run(ctx, args) {
      const window = args ? ctx.windows.lookup(args) : ctx.windows.current;
      if (!window || window.kind === 'status') throw new UsageError('/part: no such room window');
      ctx.windows.close(window);
      ctx.show(ctx.windows.current);
      if (window.kind === 'room') await ctx.client.leave(window.target);
    },
  },
  switch: {
    usage: '/switch <number|room|@nick>',
    help: 'show another window (also Alt-1…9, Ctrl-N, Ctrl-P)',
    run(ctx, args) {
      const window = ctx.windows.lookup(need(args, this.usage));
      if (!window) throw new UsageError(`no window ${args}`);
      ctx.show(window);
    },
  },
  nick: {
    usage: '/nick <nick>',
    help: 'change your nick',
    async run(ctx, args) {
      await ctx.client.setNick(need(args, this.usage));
    },
  },
  msg: {
    usage: '/msg <nick> [text]',
    help: 'open a conversation with someone, and say text if given',
    run(ctx, args) {
      const [nick = '', ...rest] = need(args, this.usage).split(' ');
      const window = ctx.windows.dm(nick);
      ctx.show(window);
      const text = rest.join(' ');
      if (text) ctx.say(window, text);
    },
  },
  me: {
    usage: '/me <action>',
    help: 'say what you do: * alice waves',
    run(ctx, args) {
      ctx.say(ctx.windows.current, `/me ${need(args, this.usage)}`);
    },
  },
  who: {
    usage: '/who [room]',
    help: 'who is in the room',
    async run(ctx, args) {
      const room = args || currentRoom(ctx, '/who');
      // One more than shown, to know whether to say there are more: a huge room is not printed whole.
      const members = await ctx.client.members(room, SHOWN_MAX + 1);
      if (members.length > SHOWN_MAX) {
        ctx.info(
          `more than ${SHOWN_MAX} in ${room}; the first ${SHOWN_MAX}: ${members.slice(0, SHOWN_MAX).join(', ')}`,
        );
      } else ctx.info(`${members.length} in ${room}: ${members.join(', ')}`);
    },
  },
  rooms: {
    usage: '/rooms',
    help: "the server's rooms",
    async run(ctx) {
      const rooms = await ctx.client.listRooms(SHOWN_MAX + 1);
      if (rooms.length === 0) ctx.info('no rooms');
      for (const r of rooms.slice(0, SHOWN_MAX))
        ctx.info(`${r.room} (${r.members})${r.topic ? `: ${r.topic}` : ''}`);
      if (rooms.length > SHOWN_MAX)
        ctx.info(`… and more: only the first ${SHOWN_MAX} rooms (by name) are shown`);
    },
  },
  topic: {
    usage: '/topic [text]',
    help: "show the room's topic, or set it",
    async run(ctx, args) {
      const room = currentRoom(ctx, '/topic');
      if (args) return ctx.client.setTopic(room, args);
      const { topic, by } = await ctx.client.topic(room);
      ctx.info(topic ? `topic of ${room}: ${topic} (set by ${by})` : `${room} has no topic`);
    },
  },
  history: {
    usage: '/history [n]',
    help: 'show n older messages (20 by default)',
    async run(ctx, args) {
      const window = ctx.windows.current;
      if (window.kind === 'status') throw new UsageError('/history needs a room or a conversation');
      const limit = args ? Number(args) : 20;
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError('usage: /history [n], n a positive number');
      const oldest = window.entries.find((e) => e.kind === 'message' && e.seq !== undefined);
      const before = oldest?.kind === 'message' ? oldest.seq : undefined;
      const where = window.kind === 'room' ? { room: window.target } : { with: window.target };
      const page = await ctx.client.history({ ...where, limit, ...(before !== undefined ? { before } : {}) });
      if (page.messages.length === 0) return ctx.info('no older messages', window);
      const nick = ctx.client.nick;
      const entries: Entry[] = page.messages.map((m) => ({
        kind: 'message',
        ts: m.ts,
        from: m.from,
        text: m.text,
        own: m.from === nick,
        history: true,
        mention: false,
        seq: m.seq,
      }));
      const more = page.hasMore ? '; /history for more' : '';
      entries.unshift({
        kind: 'info',
        ts: Date.now(),
        text: `${page.messages.length} older messages${more}`,
      });
      ctx.prepend(window, entries);
    },
  },
  reconnect: {
    usage: '/reconnect',
    help: 'try to reconnect now instead of waiting',
    run(ctx) {
      ctx.client.reconnectNow();
    },
  },
  clear: {
    usage: '/clear',
    help: 'clear the window',
    run(ctx) {
      ctx.windows.current.entries.length = 0;
    },
  },
  quit: {
    usage: '/quit [reason]',
    help: 'leave (the others see you quit)',
    run(ctx, args) {
      return ctx.quit(args || undefined);
    },
  },
  help: {
    usage: '/help',
    help: 'this list',
    run(ctx) {
      for (const line of helpLines()) ctx.info(line);
    },
  },
};

/** The help text: commands, then keys. */
export function helpLines(): string[] {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.length));
  return [
    ...Object.values(COMMANDS).map((c) => `${c.usage.padEnd(width)}  ${c.help}`),
    'keys: Enter send · Alt-1…9 window · Ctrl-N/Ctrl-P next/previous window · PgUp/PgDn scroll',
    '      Up/Down earlier lines · Tab complete a nick · Ctrl-A/E/U/K/W edit · Ctrl-L redraw · Ctrl-C quit',
    'a line starting with // sends a literal /',
  ];
}

/** Run one command line (starting with /). */
export async function runCommand(ctx: CommandContext, line: string): Promise<void> {
  const match = /^\/(\S+)\s*(.*)$/s.exec(line);
  const name = match?.[1]?.toLowerCase() ?? '';
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command /${name}; /help lists them`);
  await command.run(ctx, (match?.[2] ?? '').trim());
}
