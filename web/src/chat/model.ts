// The page's chat state on top of the SDK. The SDK hides reconnects (rejoin, resume, the offline queue); this turns
// its events into what the screen shows, and never shows a message twice: everything merges by sequence number.
import { ChatClient } from '../../../src/client/index.js';
import type {
  ConnectionState,
  DirectMessage,
  DisconnectReason,
  PresenceEvent,
  ReplayInfo,
  RoomEvent,
  RoomMessage,
  StateEvent,
} from '../../../src/client/index.js';
import { foldNick } from '../../../src/protocol/index.js';
import { mayHaveOlder, mergeMessages } from './conversation.js';
import type { ShownMessage } from './conversation.js';
import { ConversationStore } from './store.js';
import { roomKey } from './targets.js';

/** The room of a first visit when the server names none (servers before defaultRoom was in the welcome). */
const FALLBACK_ROOM = 'lobby';

/** The connection as the banner shows it. */
export interface ConnectionView {
  state: ConnectionState;
  /** Failed attempts since the last connection. */
  attempt: number;
  /** When the next attempt starts, while disconnected. */
  retryAt?: number;
  reason?: DisconnectReason;
  /** Connected at least once: later disconnects are reconnects. */
  everConnected: boolean;
}

/** The WebSocket URL of the server that served this page. */
export function serverUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** A human sentence for an error from the SDK. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Messages per history page when scrolling up. */
const PAGE = 50;

/** The chat state of one signed-in page, fed by one ChatClient. */
export class ChatModel extends ConversationStore {
  readonly client: ChatClient;
  nick: string;
  connection: ConnectionView = { state: 'disconnected', attempt: 0, everConnected: false };
  /** Rooms whose first join's replay is running: what it brings is recent history, not news. */
  private readonly recentReplay = new Set<string>();

  constructor(nick: string, url: string) {
    super();
    this.nick = nick;
    // A person is waiting at a page: retry sooner than the SDK's 30 s cap (and at once when the browser is back
    // online, see chat-screen.tsx).
    this.client = new ChatClient({ url, nick, reconnect: { maxDelayMs: 10_000 } });
    this.client.on('state', (event) => this.onState(event));
    this.client.on('message', (message) => this.onRoomMessage(message));
    this.client.on('dm', (message) => this.onDirect(message));
    this.client.on('room', (event) => this.onRoom(event));
    this.client.on('presence', (event) => this.onPresence(event));
    this.client.on('topic', ({ room, topic }) => this.update(roomKey(room), (c) => ({ ...c, topic })));
    this.client.on('replayed', (info) => this.onReplayed(info));
    this.client.on('error', (error) => this.noteSelected(error.message));
  }

  /**
   * Connect and open these rooms; `target` opens if it is one of them, else the first room. With no rooms (a first
   * visit), the room the server suggests opens once connected.
   */
  start(rooms: string[], target: string | null): Promise<void> {
    for (const room of rooms) this.join(room, false);
    this.selected = target !== null && this.conversations.has(target) ? target : (this.rooms[0] ?? null);
    this.emit();
    const connected = this.client.connect();
    if (rooms.length > 0) return connected;
    return connected.then(() => {
      if (this.rooms.length === 0) this.join(this.client.defaultRoom ?? FALLBACK_ROOM);
    });
  }

  /** Join a room (or just open it, when already in it); a refusal becomes a notice. */
  join(room: string, select = true): void {
    if (this.addRoom(room)) {
      this.recentReplay.add(roomKey(room));
      this.client.join(room).catch((error: unknown) => {
        this.remove(roomKey(room));
        this.noteSelected(`Could not join ${room}: ${describeError(error)}`);
      });
    }
    if (select) this.select(roomKey(room));
    else this.emit();
  }

  /** Leave a room, or close a direct conversation. */
  close(key: string): void {
    const c = this.conversations.get(key);
    if (c?.target.kind === 'room') this.client.leave(c.target.room).catch(() => undefined);
    this.remove(key);
  }

  /** Open the direct conversation with a nick, loading its latest messages the first time. */
  openDirect(nick: string): void {
    const key = this.ensureDirect(nick);
    this.select(key);
    if (this.conversations.get(key)!.messages.length === 0) void this.fetch(key, { limit: PAGE });
  }

  /** Load the page of history before the first message shown. */
  loadOlder(key: string): void {
    const c = this.conversations.get(key);
    const first = c?.messages[0];
    if (!c || !first || !c.hasOlder || c.loadingOlder || this.connection.state !== 'connected') return;
    void this.fetch(key, { before: first.seq, limit: PAGE });
  }

  /** Say something in the open conversation; shown as pending until the server acknowledges it. */
  send(text: string): void {
    const c = this.current;
    if (!c) return;
    const localId = this.localId();
    const from = this.nick;
    this.update(c.key, (x) => ({ ...x, pending: [...x.pending, { localId, text, ts: Date.now(), from }] }));
    const t = c.target;
    const sent = t.kind === 'room' ? this.client.send(t.room, text) : this.client.sendDirect(t.nick, text);
    sent.then(
      (ack) => {
        const message = { mid: ack.mid, seq: ack.seq, ts: ack.ts, from, text, own: true };
        this.update(c.key, (x) => ({
          ...x,
          messages: mergeMessages(x.messages, [message]),
          pending: x.pending.filter((p) => p.localId !== localId),
        }));
      },
      (error: unknown) =>
        this.update(c.key, (x) => ({
          ...x,
          pending: x.pending.map((p) => (p.localId === localId ? { ...p, failed: describeError(error) } : p)),
        })),
    );
  }

  /** Send a refused message again (when its conversation is open), or drop it. */
  retry(key: string, localId: string, again: boolean): void {
    const p = this.conversations.get(key)?.pending.find((x) => x.localId === localId);
    if (!p) return;
    this.update(key, (x) => ({ ...x, pending: x.pending.filter((y) => y.localId !== localId) }));
    if (again && this.selected === key) this.send(p.text);
  }

  /** Set the open room's topic. */
  setTopic(topic: string): Promise<void> {
    const c = this.current;
    if (c?.target.kind !== 'room') return Promise.resolve();
    return this.client.setTopic(c.target.room, topic);
  }

  /** Say goodbye and stop. */
  stop(): Promise<void> {
    this.unsubscribeAll();
    return this.client.close();
  }

  /** Fetch a page of a conversation's history and merge it in; forward pages continue while there are more. */
  private async fetch(
    key: string,
    page: { before?: number; after?: number; limit: number },
    pagesLeft = 20,
  ): Promise<void> {
    const c = this.conversations.get(key);
    if (!c) return;
    const where = c.target.kind === 'room' ? { room: c.target.room } : { with: c.target.nick };
    if (page.before !== undefined) this.update(key, (x) => ({ ...x, loadingOlder: true }));
    try {
      const found = await this.client.history({ ...where, ...page });
      const list = found.messages.map(shown);
      this.update(key, (x) => {
        const messages = mergeMessages(x.messages, list);
        const hasOlder = page.before !== undefined ? found.hasMore : mayHaveOlder(messages);
        // Found after the last one shown: missed while offline, so news unless the conversation is open.
        const missed = page.after === undefined || this.selected === key ? [] : list.filter((m) => !m.own);
        return { ...x, messages, unread: x.unread + missed.length, loadingOlder: false, hasOlder };
      });
      const last = list.at(-1);
      if (page.after !== undefined && found.hasMore && last && pagesLeft > 1) {
        await this.fetch(key, { after: last.seq, limit: page.limit }, pagesLeft - 1);
      }
    } catch (error) {
      this.update(key, (x) => ({ ...x, loadingOlder: false }));
      if (page.before === undefined) this.noteIn(key, `Could not load messages: ${describeError(error)}`);
    }
  }

  private onState(event: StateEvent): void {
    const everConnected = this.connection.everConnected || event.state === 'connected';
    if (event.state === 'connected') {
      this.nick = event.nick;
      // The SDK resumes rooms; direct conversations have no join, so ask for what came after the last one.
      if (event.reconnected) for (const key of this.dms) this.resumeDirect(key);
    } else {
      // Members stay listed (greyed) until the rejoin tells who is there now.
      for (const key of this.rooms) this.update(key, (c) => (c.joined ? { ...c, joined: false } : c));
    }
    this.connection = {
      state: event.state,
      attempt: 'attempt' in event ? event.attempt : 0,
      everConnected,
      ...(event.state === 'disconnected' ? { retryAt: event.retryAt, reason: event.reason } : {}),
    };
    this.emit();
  }

  private onRoomMessage(message: RoomMessage): void {
    const key = roomKey(message.room);
    this.add(key, shown(message), !message.own && !this.recentReplay.has(key));
  }

  private onDirect(message: DirectMessage): void {
    const key = this.ensureDirect(message.own ? message.to : message.from);
    this.add(key, shown(message), !message.own && !message.history);
  }

  private add(key: string, message: ShownMessage, news: boolean): void {
    this.update(key, (c) => {
      const clash = c.messages.find((m) => m.seq === message.seq);
      // Another message with the same number: the server's history restarted (a memory store), so start over.
      const messages = mergeMessages(clash && clash.mid !== message.mid ? [] : c.messages, [message]);
      if (messages === c.messages) return c;
      const unread = news && this.selected !== key ? c.unread + 1 : c.unread;
      return { ...c, messages, unread, hasOlder: c.hasOlder || mayHaveOlder(messages) };
    });
  }

  private onRoom(event: RoomEvent): void {
    const key = roomKey(event.room);
    if (event.kind === 'left') return this.remove(key);
    if (!this.conversations.has(key)) this.join(event.room, false);
    // A resume brings what was missed (news); a first join brings recent history (not news).
    if (event.rejoined && this.conversations.get(key)!.messages.length > 0) this.recentReplay.delete(key);
    else this.recentReplay.add(key);
    const { topic, members } = event;
    const unlisted = Math.max(0, (event.memberCount ?? members.length) - members.length);
    this.update(key, (c) => ({ ...c, joined: true, topic, members: sortNicks(members), unlisted }));
  }

  private onReplayed(info: ReplayInfo): void {
    const key = roomKey(info.room);
    this.recentReplay.delete(key);
    this.update(key, (c) => ({ ...c, hasOlder: mayHaveOlder(c.messages) }));
    if (!info.complete) this.noteIn(key, 'Some messages sent while you were away are no longer kept.');
  }

  private onPresence(event: PresenceEvent): void {
    const change = (key: string, edit: (list: readonly string[]) => string[]): void =>
      this.update(key, (c) => ({ ...c, members: sortNicks(edit(c.members)) }));
    const without = (nick: string) => (list: readonly string[]) =>
      list.filter((m) => foldNick(m) !== foldNick(nick));
    // Somebody left: out of the list, or, when the list did not name them (a big room), one fewer unlisted.
    const leave = (key: string, nick: string): void =>
      this.update(key, (c) => {
        const members = without(nick)(c.members);
        const unlisted = members.length === c.members.length ? Math.max(0, c.unlisted - 1) : c.unlisted;
        return { ...c, members, unlisted };
      });
    switch (event.kind) {
      case 'join':
        return change(roomKey(event.room), (list) => [...without(event.nick)(list), event.nick]);
      case 'part':
        return leave(roomKey(event.room), event.nick);
      case 'quit':
        for (const room of event.rooms) leave(roomKey(room), event.nick);
        return;
      case 'nick':
        for (const key of this.rooms)
          change(key, (list) => list.map((m) => (foldNick(m) === foldNick(event.old) ? event.nick : m)));
        if (event.self) this.nick = event.nick;
        return;
    }
  }

  private resumeDirect(key: string): void {
    const last = this.conversations.get(key)?.messages.at(-1);
    void this.fetch(key, last ? { after: last.seq, limit: 500 } : { limit: PAGE });
  }
}

function shown(m: RoomMessage | DirectMessage): ShownMessage {
  return { mid: m.mid, seq: m.seq, ts: m.ts, from: m.from, text: m.text, own: m.own };
}

function sortNicks(list: readonly string[]): string[] {
  return [...new Set(list)].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
}
