// The typed answers: each request action's reply type (OkReplyOf), the union on `re`, the guard that checks an
// answer's kind, and the runtime schemas that the wire tests use, proved to infer exactly these types.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { isReplyTo } from '../../src/protocol/index.js';
import type {
  ChatEvent,
  ClientAction,
  DmEvent,
  EchoReply,
  HistoryReply,
  JoinroomReply,
  MembersReply,
  OkMessage,
  OkReplyOf,
  PongMessage,
  ServerMessage,
  TopicReply,
  WelcomeMessage,
} from '../../src/protocol/index.js';
import type { echoReplySchema, replySchemas } from '../support/replies.js';
import type { AnsweredAction } from '../support/replies.js';

type Inferred<A extends AnsweredAction> = z.infer<(typeof replySchemas)[A]>;

describe('reply types', () => {
  it('map each request action to its answer', () => {
    expectTypeOf<OkReplyOf<'connect'>>().toEqualTypeOf<WelcomeMessage>();
    expectTypeOf<OkReplyOf<'chat'>>().toEqualTypeOf<ChatEvent>();
    expectTypeOf<OkReplyOf<'dm'>>().toEqualTypeOf<DmEvent>();
    expectTypeOf<OkReplyOf<'ping'>>().toEqualTypeOf<PongMessage>();
    expectTypeOf<OkReplyOf<'pong'>>().toBeNever();
    expectTypeOf<OkReplyOf<'joinroom'>>().toEqualTypeOf<JoinroomReply>();
    expectTypeOf<OkReplyOf<'joinroom'>['members']>().toEqualTypeOf<string[]>();
    expectTypeOf<OkReplyOf<'history'>['messages']>().toEqualTypeOf<(ChatEvent | DmEvent)[]>();
    expectTypeOf<OkReplyOf<'members'>['next']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<OkReplyOf<'topic'>['by']>().toEqualTypeOf<string | undefined>();
  });

  it('discriminate ok replies on re', () => {
    expectTypeOf<Extract<OkMessage, { re: 'history' }>>().toEqualTypeOf<HistoryReply>();
    expectTypeOf<Extract<OkMessage, { re: 'members' }>>().toEqualTypeOf<MembersReply>();
    expectTypeOf<Extract<OkMessage, { re: 'topic' }>>().toEqualTypeOf<TopicReply>();
    expectTypeOf<Extract<OkMessage, { re: 'ping' }>>().toEqualTypeOf<EchoReply>();
    expectTypeOf<OkMessage['re']>().toEqualTypeOf<
      Exclude<ClientAction, 'connect' | 'chat' | 'dm' | 'pong'>
    >();
    // A reply missing a field of its shape is not a server message.
    expectTypeOf({ action: 'ok' as const, re: 'joinroom' as const, room: 'r' }).not.toExtend<ServerMessage>();
    expectTypeOf({
      action: 'ok' as const,
      re: 'joinroom' as const,
      room: 'r',
      topic: '',
      members: ['a'],
    }).toExtend<ServerMessage>();
  });

  it('are what the wire schemas infer, field for field', () => {
    expectTypeOf<Inferred<'connect'>>().toEqualTypeOf<OkReplyOf<'connect'>>();
    expectTypeOf<Inferred<'nick'>>().toEqualTypeOf<OkReplyOf<'nick'>>();
    expectTypeOf<Inferred<'joinroom'>>().toEqualTypeOf<OkReplyOf<'joinroom'>>();
    expectTypeOf<Inferred<'leaveroom'>>().toEqualTypeOf<OkReplyOf<'leaveroom'>>();
    expectTypeOf<Inferred<'chat'>>().toEqualTypeOf<OkReplyOf<'chat'>>();
    expectTypeOf<Inferred<'dm'>>().toEqualTypeOf<OkReplyOf<'dm'>>();
    expectTypeOf<Inferred<'rooms'>>().toEqualTypeOf<OkReplyOf<'rooms'>>();
    expectTypeOf<Inferred<'members'>>().toEqualTypeOf<OkReplyOf<'members'>>();
    expectTypeOf<Inferred<'topic'>>().toEqualTypeOf<OkReplyOf<'topic'>>();
    expectTypeOf<Inferred<'history'>>().toEqualTypeOf<OkReplyOf<'history'>>();
    expectTypeOf<Inferred<'ping'>>().toEqualTypeOf<OkReplyOf<'ping'>>();
    expectTypeOf<Inferred<'quit'>>().toEqualTypeOf<OkReplyOf<'quit'>>();
    expectTypeOf<z.infer<typeof echoReplySchema>>().toEqualTypeOf<EchoReply>();
  });
});

describe('isReplyTo', () => {
  const welcome: ServerMessage = {
    action: 'welcome',
    id: 'c1',
    nick: 'amy',
    version: 1,
    server: 'parley',
    heartbeatMs: 30_000,
    limits: {
      maxFrameBytes: 1,
      maxMessageChars: 1,
      maxNickChars: 1,
      maxRoomChars: 1,
      maxTopicChars: 1,
      maxHistoryPage: 1,
    },
  };
  const left: ServerMessage = { action: 'ok', re: 'leaveroom', room: 'r' };
  const chat: ServerMessage = {
    action: 'chat',
    room: 'r',
    message: 'hi',
    from: 'amy',
    mid: 'm',
    seq: 1,
    ts: 1,
  };
  const echo: ServerMessage = { action: 'ok', re: 'ping', echo: [1] };

  it('accepts the kind of answer each action gets', () => {
    expect(isReplyTo('connect', welcome)).toBe(true);
    expect(isReplyTo('leaveroom', left)).toBe(true);
    expect(isReplyTo('chat', chat)).toBe(true);
    expect(isReplyTo('ping', { action: 'pong', id: 1 })).toBe(true);
  });

  it('refuses another kind, another re, and anything for pong', () => {
    expect(isReplyTo('joinroom', left)).toBe(false);
    expect(isReplyTo('connect', left)).toBe(false);
    expect(isReplyTo('dm', chat)).toBe(false);
    expect(isReplyTo('ping', echo)).toBe(false); // the echo dialect's reply is not native ping's answer
    expect(isReplyTo('pong', { action: 'pong' })).toBe(false);
  });

  it('narrows the answer to its action’s reply type', () => {
    const answer: ServerMessage = left;
    if (isReplyTo('leaveroom', answer)) expectTypeOf(answer).toEqualTypeOf<OkReplyOf<'leaveroom'>>();
  });
});
