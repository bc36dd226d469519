// Who you are: connect (the greeting), nick changes, quit, and the heartbeat's ping and pong.
import { PROTOCOL_VERSION, withId } from '../../protocol/index.js';
import { ChatError } from '../errors.js';
import type { CommandTable } from './command.js';

/** connect, nick, quit, ping, pong. */
export const identityCommands: Pick<CommandTable, 'connect' | 'nick' | 'quit' | 'ping' | 'pong'> = {
  connect: {
    identified: false,
    handle(hub, session, { id, username, version }) {
      if (version !== undefined && version > PROTOCOL_VERSION) {
        throw new ChatError('unsupported_version', `this server speaks protocol version ${PROTOCOL_VERSION}`);
      }
      hub.identify(session, username);
      session.sendOutbound(hub.welcomeOut(session, id));
    },
  },
  nick: {
    identified: true,
    handle(hub, session, { id, nick }) {
      hub.rename(session, nick);
      session.send({ action: 'ok', re: 'nick', nick, ...withId(id) });
    },
  },
  quit: {
    identified: false,
    handle(_hub, session, { id }) {
      session.send({ action: 'ok', re: 'quit', ...withId(id) });
      session.end('quit');
    },
  },
  ping: {
    identified: false,
    handle(_hub, session, { id }) {
      session.send({ action: 'pong', ...withId(id) });
    },
  },
  pong: {
    identified: false,
    handle() {
      // Any inbound traffic already marked the session alive.
    },
  },
};
