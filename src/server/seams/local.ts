// The seams of a server that runs as one node: everything server-wide is this process's memory.
import { NickRegistry } from '../nick-registry.js';
import { LocalBroker } from './local-broker.js';
import { LocalPresence } from './local-presence.js';
import type { NodeState, SeamMember, Seams } from './seams.js';

/** One node's seams: nicks in memory, presence read from the room registry, events delivered directly. */
export function localSeams<M extends SeamMember>(node: NodeState<M>): Seams<M> {
  return {
    nicks: new NickRegistry<M>(),
    presence: new LocalPresence(node.rooms),
    broker: new LocalBroker(node.rooms, node.stats),
  };
}
