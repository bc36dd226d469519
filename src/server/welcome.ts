// The welcome a session gets once it has a nick: everything after the nick is the same for every session, so its
// JSON text is made once and each welcome splices the nick (and the request id) in front of it.
import { PROTOCOL_VERSION, withId } from '../protocol/index.js';
import type { RequestId, ServerMessage, WelcomeMessage } from '../protocol/index.js';
import type { ServerConfig } from './config.js';
import { Outbound } from './outbound.js';

/** The server's name and version, as told in the welcome. */
export const SERVER_NAME = 'parley/0.1.0';

/** Builds welcomes for one server's config. */
export class Welcomes {
  /** What every welcome says after the nick, and its JSON text (without the opening brace). */
  private readonly tail: Omit<WelcomeMessage, 'action' | 'id' | 'nick'>;
  private readonly tailJson: string;

  constructor(config: ServerConfig) {
    this.tail = {
      version: PROTOCOL_VERSION,
      server: SERVER_NAME,
      heartbeatMs: config.heartbeatMs,
      limits: config.limits,
      defaultRoom: config.defaultRoom,
    };
    this.tailJson = JSON.stringify(this.tail).slice(1);
  }

  /** The welcome message for an identified session. */
  message(who: { readonly nick: string }, id?: RequestId): ServerMessage {
    return { action: 'welcome', ...withId(id), nick: who.nick, ...this.tail };
  }

  /**
   * The welcome as an Outbound whose JSON text is made from the tail encoded once: every connection gets one, and
   * the limits object is most of its text.
   */
  outbound(who: { readonly nick: string }, id?: RequestId): Outbound {
    const head = id === undefined ? '' : `,"id":${JSON.stringify(id)}`;
    const json = `{"action":"welcome"${head},"nick":${JSON.stringify(who.nick)},${this.tailJson}`;
    return Outbound.withJson(this.message(who, id), json);
  }
}
