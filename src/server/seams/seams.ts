// The server-wide seams the hub depends on, and what the composition root hands it to choose them.
import type { RoomMember, RoomRegistry } from '../rooms.js';
import type { Stats } from '../stats.js';
import type { Broker, Recipient } from './broker.js';
import type { NickClaims } from './nicks.js';
import type { Presence } from './presence.js';

/** A member as the seams see it: named in rooms, and delivered to. */
export type SeamMember = RoomMember & Recipient;

/** The implementations of the server-wide seams one hub uses. */
export interface Seams<M extends SeamMember> {
  readonly nicks: NickClaims<M>;
  readonly presence: Presence;
  readonly broker: Broker<M>;
}

/** What a node owns that its seams read: its members by room (both ways), and its counters. */
export interface NodeState<M extends SeamMember> {
  readonly rooms: RoomRegistry<M>;
  readonly stats: Stats;
}

/** Makes a hub's seams from the node's own state: main.ts picks the function (local, or a cluster's). */
export type SeamsFactory<M extends SeamMember> = (node: NodeState<M>) => Seams<M>;
