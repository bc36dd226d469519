// What the client's events become in windows: messages, joins and quits, topics, reconnects, errors. Shared by the
// terminal UI and the line mode, which differ only in how they show a window's new line.
import type { ChatClient, DisconnectReason, StateEvent } from '../../client/index.js';
import { ParleyError } from '../../client/index.js';
import { mentions } from './format.js';
import { sanitize } from './text.js';
import type { ChatWindow, Entry, WindowList } from './windows.js';

/** Where bound events go. */
export interface Output {
  /** A new line for a window. */
  add(window: ChatWindow, entry: Entry): void;
  /** The connection state changed (for the status line). */
  state(event: StateEvent): void;
}

/**
 * The room of a client started without --room: the server's default room (its welcome says which), shown and
 * joined now; `joined` rejects with the server's refusal, for the caller to report.
 */
export function openDefaultRoom(
  client: ChatClient,
  windows: WindowList,
): { window: ChatWindow; joined: Promise<unknown> } {
  const room = client.defaultRoom ?? 'lobby'; // servers from before the welcome named it used lobby
  const window = windows.room(room);
  windows.show(window);
  return { window, joined: client.join(room) };
}

/** An error as a user reads it: the server's words and its code, safe to print (they may quote user text). */
export function describeError(error: unknown): string {
  if (error instanceof ParleyError) return sanitize(`${error.message} (${error.code})`);
  return sanitize(error instanceof Error ? error.message : String(error));
}

const REASONS: Record<DisconnectReason, string> = {
  transport_error: 'the connection failed',
  server_closed: 'the server closed the connection',
  server_shutdown: 'the server is shutting down',
  ping_timeout: 'the server stopped answering',
  handshake_failed: 'the server refused us',
  protocol_error: 'the server sent something unreadable',
  reconnect: 'reconnecting',
};

/** Why a connection ended, in words. */
export function disconnectText(event: Extract<StateEvent, { state: 'disconnected' }>): string {
  const detail = event.error ? `: ${describeError(event.error)}` : '';
  return `${REASONS[event.reason]}${detail}`;
}

/** Subscribe windows to a client's events; returns a function that unsubscribes. */
export function bindClient(client: ChatClient, windows: WindowList, out: Output): () => void {
  const info = (window: ChatWindow, text: string): void =>
    out.add(window, { kind: 'info', ts: Date.now(), text });
  const roomWindows = (): ChatWindow[] => windows.all.filter((w) => w.kind === 'room');
  let connectedBefore = false;
  let announcedDown = false;
  const off = [
    client.on('message', (m) => {
      const mention = !m.own && mentions(m.text, client.nick);
      out.add(windows.room(m.room), {
        kind: 'message',
        ts: m.ts,
        from: m.from,
        text: m.text,
        own: m.own,
        history: m.history,
        mention,
        seq: m.seq,
      });
    }),
    client.on('dm', (m) => {
      out.add(windows.dm(m.own ? m.to : m.from), {
        kind: 'message',
        ts: m.ts,
        from: m.from,
        text: m.text,
        own: m.own,
        history: m.history,
        mention: !m.own,
        seq: m.seq,
      });
    }),
    client.on('presence', (p) => {
      if (p.kind === 'join') info(windows.room(p.room), `${p.nick} joined ${p.room}`);
      else if (p.kind === 'part') info(windows.room(p.room), `${p.nick} left ${p.room}`);
      else if (p.kind === 'quit') {
        for (const room of p.rooms) {
          const window = windows.find('room', room);
          if (window) info(window, `${p.nick} quit (${p.reason})`);
        }
        const dm = windows.find('dm', p.nick);
        if (dm) info(dm, `${p.nick} quit (${p.reason})`);
      } else if (p.self) {
        for (const window of [windows.status, ...roomWindows()])
          info(window, `you are now known as ${p.nick}`);
      } else {
        for (const window of roomWindows()) {
          if (client.room(window.target)?.members.includes(p.nick))
            info(window, `${p.old} is now known as ${p.nick}`);
        }
      }
    }),
    client.on('topic', (t) => info(windows.room(t.room), `${t.by} set the topic: ${t.topic}`)),
    client.on('room', (r) => {
      if (r.kind !== 'joined') return;
      const window = windows.room(r.room);
      if (r.rejoined) return info(window, `rejoined ${r.room}`);
      const topic = r.topic ? ` · topic: ${r.topic}` : '';
      info(window, `joined ${r.room} · ${r.members.length} here: ${r.members.join(', ')}${topic}`);
    }),
    client.on('replayed', (r) => {
      const window = windows.room(r.room);
      if (r.mode === 'recent' && r.count > 0) info(window, `end of history (${r.count} earlier messages)`);
      if (r.mode === 'resume' && r.count > 0)
        info(window, `caught up: ${r.count} message${r.count === 1 ? '' : 's'} while you were away`);
      if (!r.complete) {
        const range = r.gap ? ` (${r.gap.from}–${r.gap.to})` : '';
        out.add(window, {
          kind: 'error',
          ts: Date.now(),
          text: `the server no longer has some messages you missed${range}`,
        });
      }
    }),
    client.on('error', (e) =>
      out.add(windows.current, { kind: 'error', ts: Date.now(), text: describeError(e) }),
    ),
    client.on('state', (s) => {
      if (s.state === 'connected') {
        announcedDown = false;
        const text = s.reconnected
          ? `reconnected as ${s.nick}`
          : `connected to ${client.url.href} as ${s.nick} (${s.server})`;
        info(windows.status, text);
        if (s.reconnected && windows.current !== windows.status) info(windows.current, text);
        connectedBefore = true;
      } else if (s.state === 'disconnected' && !announcedDown) {
        // One notice per outage; the status line counts down the retries.
        announcedDown = true;
        const text = `${connectedBefore ? 'disconnected' : 'cannot connect'}: ${disconnectText(s)}; reconnecting`;
        info(windows.status, text);
        if (windows.current !== windows.status) info(windows.current, text);
      }
      out.state(s);
    }),
  ];
  return () => off.forEach((unsubscribe) => unsubscribe());
}
