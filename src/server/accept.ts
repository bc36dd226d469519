// Where a transport's new connection becomes a session: the composition root hands this to every listener, so
// that transports know connections and dialects only, never sessions or the hub.
import type { Dialect } from './dialects/dialect.js';
import type { Hub } from './hub.js';
import { Session } from './session.js';
import type { Accept } from './transports/connection.js';

/** The accept callback of a hub's listeners: make the session, open it in the hub, start it. */
export function acceptInto(hub: Hub): Accept<Dialect> {
  return (connection, dialect, query) => {
    const session = new Session(connection, dialect, hub);
    hub.open(session);
    session.start();
    // A WebSocket upgrade URL may say connect: acted on once the session runs, still inside the upgrade's cork.
    if (query !== undefined) dialect.upgradeQuery?.(session, query);
  };
}
