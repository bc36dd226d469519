// Requests on the wire waiting for their answers, matched by the id the client gave each one.
import type { ClientAction } from '../protocol/messages.js';
import type { ErrorMessage } from '../protocol/events.js';
import { isReplyTo } from '../protocol/replies.js';
import type { OkReplyOf, ServerMessage } from '../protocol/replies.js';
import { ClientError } from './errors.js';
import type { ParleyError } from './errors.js';

/** An answer to a request: ok, welcome, pong, or the sender's copy of a message. */
export type Answer = Exclude<ServerMessage, ErrorMessage>;

/** Who hears how a request ended. */
export interface Deferred<T> {
  resolve(value: T): void;
  reject(error: ParleyError): void;
}

/** A request on the wire, waiting for its answer. */
interface Waiter {
  /** Take an answer that carries the request's id; false when it is not the kind the request gets. */
  accept(answer: Answer): boolean;
  reject(error: ParleyError): void;
}

/** The ids handed out on one client and the requests still waiting under them. */
export class PendingRequests {
  private readonly waiting = new Map<string, Waiter>();
  private nextId = 0;

  /** A fresh request id. */
  newId(): string {
    return `c${++this.nextId}`;
  }

  /** Wait for the answer to a request sent under `id`; the handler runs synchronously when it arrives. */
  expect<A extends ClientAction>(id: string, action: A, handler: Deferred<OkReplyOf<A>>): void {
    this.waiting.set(id, {
      accept(answer) {
        if (!isReplyTo(action, answer)) return false;
        handler.resolve(answer);
        return true;
      },
      reject: handler.reject,
    });
  }

  /** An answer carrying `id`: settles its request (a wrong kind of answer is a protocol error). */
  answer(id: string | undefined, message: Answer): void {
    const waiter = this.take(id);
    if (!waiter) return; // an answer to a request we no longer wait for (a watchdog ping's pong)
    if (!waiter.accept(message)) {
      waiter.reject(
        new ClientError(
          'protocol_error',
          `the server answered a request with ${message.action}, not its reply`,
        ),
      );
    }
  }

  /** A refusal carrying `id`: fails its request; false when no request waits under that id. */
  refuse(id: string | undefined, error: ParleyError): boolean {
    const waiter = this.take(id);
    waiter?.reject(error);
    return waiter !== undefined;
  }

  /** Fail every request still waiting (the connection is gone, or the client is closing). */
  failAll(error: ParleyError): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  private take(id: string | undefined): Waiter | undefined {
    if (id === undefined) return undefined;
    const waiter = this.waiting.get(id);
    this.waiting.delete(id);
    return waiter;
  }
}
