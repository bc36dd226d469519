// Who you are: connect (the greeting), nick changes, quit, and the heartbeat's ping and pong.
import { PROTOCOL_VERSION, withId } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import { settle } from '../seams/answer.js';
import type { CommandTable } from './command.js';

/** connect, nick, quit, ping, pong. */
export const identityCommands: Pick<CommandTable, 'connect' | 'nick' | 'quit' | 'ping' | 'pong'> = {
  connect: {
    needs: 'nothing',
    handle(hub, session, { id, username, version }) {
      if (version !== undefined && version > PROTOCOL_VERSION) {
        throw new ChatError('unsupported_version', `this server speaks protocol version ${PROTOCOL_VERSION}`);
      }
      return settle(hub.identify(session, username), (sender) => {
        session.sendOutbound(hub.welcomeOut(sender, id));
      });
    },
  },
  nick: {
    needs: 'nick',
    rate: { kind: 'change', at: 'checked' },
    // Taking the nick one has already is no change: it costs nothing and tells nobody.
    costs: (_hub, sender, { nick }) => nick !== sender.nick,
    handle(hub, sender, { id, nick }) {
      return settle(hub.rename(sender, nick), () => {
        sender.session.send({ action: 'ok', re: 'nick', nick, ...withId(id) });
      });
    },
  },
  quit: {
    needs: 'nothing',
    handle(_hub, session, { id }) {
      session.send({ action: 'ok', re: 'quit', ...withId(id) });
      session.end('quit');
    },
  },
  ping: {
    needs: 'nothing',
    handle(_hub, session, { id }) {
      session.send({ action: 'pong', ...withId(id) });
    },
  },
  pong: {
    needs: 'nothing',
    handle() {
      // Any inbound traffic already marked the session alive.
    },
  },
};
