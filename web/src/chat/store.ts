// The conversations a page shows and the order of the sidebar, with change notification. Knows nothing of the
// network: ChatModel (model.ts) feeds it from the SDK.
import { foldNick } from '../../../src/protocol/index.js';
import { saveRooms, saveTarget } from '../lib/prefs.js';
import { emptyConversation } from './conversation.js';
import type { Conversation, Notice } from './conversation.js';
import { dmKey, roomKey } from './targets.js';

/** Conversations by key, the sidebar's order, the open one, and who listens for changes. */
export class ConversationStore {
  readonly conversations = new Map<string, Conversation>();
  /** Sidebar order, as keys: rooms in the order joined, then direct conversations in the order opened. */
  rooms: string[] = [];
  dms: string[] = [];
  selected: string | null = null;
  private readonly listeners = new Set<() => void>();
  private nextId = 0;

  /** Re-render whenever anything changes; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The open conversation. */
  get current(): Conversation | undefined {
    return this.selected === null ? undefined : this.conversations.get(this.selected);
  }

  /** Unread messages over every conversation (the open one has none). */
  get totalUnread(): number {
    let total = 0;
    for (const c of this.conversations.values()) total += c.unread;
    return total;
  }

  /** Whether a nick is in any room this page is in: the only presence the protocol tells. */
  isOnline(nick: string): boolean {
    const fold = foldNick(nick);
    for (const c of this.conversations.values()) {
      if (c.joined && c.members.some((m) => foldNick(m) === fold)) return true;
    }
    return false;
  }

  /** Open a conversation: its unread count goes to zero, and the choice is remembered. */
  select(key: string): void {
    if (!this.conversations.has(key)) return;
    this.selected = key;
    saveTarget(key);
    this.update(key, (c) => (c.unread === 0 ? c : { ...c, unread: 0 }));
    this.emit();
  }

  /** Add a room's conversation if it is not there; true when it was added. */
  protected addRoom(room: string): boolean {
    const key = roomKey(room);
    if (this.conversations.has(key)) return false;
    this.conversations.set(key, emptyConversation(key, { kind: 'room', room }));
    this.rooms = [...this.rooms, key];
    this.saveRooms();
    return true;
  }

  /** The key of the direct conversation with a nick, added if it is not there. */
  protected ensureDirect(nick: string): string {
    const key = dmKey(nick);
    if (!this.conversations.has(key)) {
      this.conversations.set(key, emptyConversation(key, { kind: 'dm', nick }));
      this.dms = [...this.dms, key];
    }
    return key;
  }

  /** Drop a conversation; the next one in the sidebar opens if it was open. */
  protected remove(key: string): void {
    if (!this.conversations.delete(key)) return;
    this.rooms = this.rooms.filter((k) => k !== key);
    this.dms = this.dms.filter((k) => k !== key);
    this.saveRooms();
    if (this.selected === key) this.selected = this.rooms[0] ?? this.dms[0] ?? null;
    this.emit();
  }

  /** Add a line of the page's own to a conversation. */
  protected noteIn(key: string, text: string): void {
    const notice: Notice = { id: `n${++this.nextId}`, ts: Date.now(), text };
    this.update(key, (c) => ({ ...c, notices: [...c.notices, notice] }));
  }

  /** Add a line to the open conversation (or the first room, when none is open). */
  protected noteSelected(text: string): void {
    const key = this.selected ?? this.rooms[0];
    if (key) this.noteIn(key, text);
  }

  /** A fresh id for something the page makes up (pending messages). */
  protected localId(): string {
    return `p${++this.nextId}`;
  }

  /** Replace one conversation with a changed copy (the same object means no change). */
  protected update(key: string, change: (c: Conversation) => Conversation): void {
    const c = this.conversations.get(key);
    if (!c) return;
    const next = change(c);
    if (next === c) return;
    this.conversations.set(key, next);
    this.emit();
  }

  /** Tell every listener. */
  protected emit(): void {
    for (const listener of this.listeners) listener();
  }

  /** Forget every listener (the page is signing out). */
  protected unsubscribeAll(): void {
    this.listeners.clear();
  }

  private saveRooms(): void {
    const targets = this.rooms.map((k) => this.conversations.get(k)?.target);
    saveRooms(targets.flatMap((t) => (t?.kind === 'room' ? [t.room] : [])));
  }
}
