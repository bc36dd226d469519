// The broker seam: the fan-out of room and user events. Whoever publishes hands an event over once; every node
// delivers it to its own members. One node delivers at once (LocalBroker); many nodes would publish it tagged
// with the node's id and deliver what they receive (Redis), so a publication may complete later.
import type { Outbound } from '../outbound.js';
import type { Answer } from './answer.js';

/** What a broker delivers to: a member's shared-bytes path and its own-copy path. */
export interface Recipient {
  /** A broadcast: bytes shared by every recipient of its dialect. */
  deliver(out: Outbound): void;
  /** A message for this recipient alone, framed from the shared JSON text where its dialect allows. */
  sendOutbound(out: Outbound): void;
}

/**
 * Publishes events for rooms and users. The hub does not wait for a publication: an implementation behind a
 * network reports its own failures.
 */
export interface Broker<M> {
  /** An event for a room: every member on every node gets the same encoded bytes, but `except` (its sender). */
  toRoom(room: string, out: Outbound, except?: M): Answer<void>;
  /** An event for one user (a direct message): the node that holds it hands it over as its own copy. */
  toUser(user: M, out: Outbound): Answer<void>;
  /** An event about a member for everyone who shares a room with it, each once; `withSelf` adds the member. */
  toCompanions(member: M, out: Outbound, withSelf: boolean): Answer<void>;
}
