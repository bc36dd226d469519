// Parsing client messages: every failure has a stable code, the request id survives when readable.
import { describe, expect, it } from 'vitest';
import { nickProblem, parseClientMessage, roomProblem, foldNick } from '../../src/protocol/index.js';

describe('parseClientMessage', () => {
  it('accepts the asyncio tutorial vocabulary as native messages', () => {
    for (const m of [
      { action: 'connect', username: 'u' },
      { action: 'joinroom', room: 'r' },
      { action: 'leaveroom', room: 'r' },
      { action: 'chat', room: 'r', message: 'm' },
    ]) {
      expect(parseClientMessage(m)).toMatchObject({ ok: true, message: m });
    }
  });

  it('gives codes for the ways a message can be wrong', () => {
    expect(parseClientMessage('str')).toMatchObject({ ok: false, code: 'invalid_message' });
    expect(parseClientMessage({ id: 3 })).toMatchObject({ ok: false, code: 'invalid_message', id: 3 });
    expect(parseClientMessage({ action: 'fly', id: 'x' })).toMatchObject({
      ok: false,
      code: 'unknown_action',
      id: 'x',
    });
    expect(parseClientMessage({ action: 'chat', room: 'r' })).toMatchObject({
      ok: false,
      code: 'invalid_message',
      action: 'chat',
    });
    expect(parseClientMessage({ action: 'toString' })).toMatchObject({ ok: false, code: 'unknown_action' });
  });

  it('ignores extra keys', () => {
    expect(parseClientMessage({ action: 'ping', extra: true })).toMatchObject({ ok: true });
  });
});

describe('names', () => {
  it('folds nicks case-insensitively', () => {
    expect(foldNick('ÄLICE')).toBe(foldNick('älice'));
  });
  it('checks nick and room rules', () => {
    expect(nickProblem('ok_nick', 32)).toBeNull();
    expect(nickProblem('a b', 32)).toMatch(/may hold/);
    expect(roomProblem('#general', 64)).toBeNull();
    expect(roomProblem('#', 64)).toMatch(/empty/);
  });
});
