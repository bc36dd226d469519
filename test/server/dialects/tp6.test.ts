// TP6's translation: a hello and chat lines become connect, joinroom and chat requests; replies become its lines.
import { describe, expect, it } from 'vitest';
import { tp6Dialect } from '../../../src/server/dialects/tp6.js';
import { FakeHost, acceptAll, context, refuse } from './fake-host.js';

describe('TP6 requests', () => {
  it('a hello is a connect and a join of the default room, told to the newcomer; each line is a chat', () => {
    const host = new FakeHost(tp6Dialect(context()));
    host.receive('Hello|Jean Dupont\nsalut\n\n  ça va ?  ');
    expect(host.takeRequests()).toEqual([
      { message: { action: 'connect', username: 'Jean_Dupont' } },
      { message: { action: 'joinroom', room: 'lobby' } },
      { message: { action: 'chat', room: 'lobby', message: 'salut' } },
      { message: { action: 'chat', room: 'lobby', message: 'ça va ?' } },
    ]);
    // The welcome and the oks have no TP6 form; the arrival does.
    expect(host.takeText()).toEqual(['Annonce : Jean_Dupont a rejoint la chatroom\n']);
  });

  it('a taken pseudo asks for its first free numbered variant, and a guest name when none is', () => {
    const host = new FakeHost(tp6Dialect(context(['bob', 'bob2'])));
    host.receive('Hello|bob');
    expect(host.takeRequests()[0]).toEqual({ message: { action: 'connect', username: 'bob3' } });
    const taken = Array.from({ length: 100 }, (_, i) => (i === 0 ? 'al' : `al${i + 1}`));
    const crowded = new FakeHost(tp6Dialect(context(taken)));
    crowded.receive('Hello|al');
    expect(crowded.takeRequests()[0]).toEqual({ message: { action: 'connect' } });
  });

  it('a refused connect is shown as its error line and ends the session, before any join', () => {
    const host = new FakeHost(tp6Dialect(context()), (message, h) =>
      message.action === 'connect'
        ? refuse(h, message, 'nick_in_use', 'bob is taken')
        : acceptAll(message, h),
    );
    host.receive('Hello|bob\nhi');
    expect(host.takeRequests().map((m) => m.message.action)).toEqual(['connect']);
    expect(host.takeText()).toEqual(['Erreur : bob is taken\n']);
    expect(host.ended).toBe('error');
  });

  it('a refused line is answered in French form, without the request’s id or action', () => {
    const host = new FakeHost(tp6Dialect(context()), (message, h) =>
      message.action === 'chat' ? refuse(h, message, 'rate_limited', 'slow down') : acceptAll(message, h),
    );
    host.receive('Hello|zoe');
    host.takeText();
    host.receive('vite');
    expect(host.takeText()).toEqual(['Erreur : slow down\n']);
    expect(host.ended).toBeNull();
  });
});
