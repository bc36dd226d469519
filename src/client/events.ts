// Server events that answer no request (presence, topics, the end of a replay) as the application's typed events.
import type { DmEvent, ServerMessage } from '../protocol/messages.js';
import type { Emitter } from './emitter.js';
import type { RoomTracker } from './rooms.js';
import type { ChatClientEvents, DirectMessage } from './types.js';

/** What handling an event reads and updates. */
export interface EventContext {
  readonly rooms: RoomTracker;
  readonly events: Emitter<ChatClientEvents>;
  /** Our nick, renamed when a nick event names us. */
  nick: string | undefined;
}

/** Handle a presence, topic or replay event; false when the message is none of those. */
export function handleEvent(ctx: EventContext, message: ServerMessage): boolean {
  const { rooms, events } = ctx;
  switch (message.action) {
    case 'replayed':
      for (const m of rooms.replayed(message, ctx.nick)) events.emit('message', m);
      events.emit('replayed', {
        room: message.room,
        mode: message.mode,
        count: message.count,
        complete: message.complete,
        ...(message.gap ? { gap: message.gap } : {}),
      });
      return true;
    case 'join':
      rooms.memberJoined(message.room, message.nick);
      events.emit('presence', { kind: 'join', room: message.room, nick: message.nick });
      return true;
    case 'part':
      rooms.memberLeft(message.room, message.nick);
      events.emit('presence', { kind: 'part', room: message.room, nick: message.nick });
      return true;
    case 'quit':
      rooms.quit(message.nick, message.rooms);
      events.emit('presence', {
        kind: 'quit',
        nick: message.nick,
        reason: message.reason,
        rooms: message.rooms,
      });
      return true;
    case 'nick': {
      const self = message.old === ctx.nick;
      if (self) ctx.nick = message.nick;
      rooms.renamed(message.old, message.nick);
      events.emit('presence', { kind: 'nick', old: message.old, nick: message.nick, self });
      return true;
    }
    case 'topic':
      rooms.topic(message.room, message.topic);
      events.emit('topic', { room: message.room, topic: message.topic, by: message.by });
      return true;
    default:
      return false;
  }
}

/** A wire dm event as the application sees it. */
export function toDirectMessage(event: DmEvent, nick: string | undefined): DirectMessage {
  return {
    from: event.from,
    to: event.to,
    text: event.message,
    mid: event.mid,
    seq: event.seq,
    ts: event.ts,
    history: event.history === true,
    own: nick !== undefined && event.from === nick,
  };
}
