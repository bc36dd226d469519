// What entering the command table looks like from outside it: how a request may be run and how it went.

/** How a request is run, beyond what its message says. */
export interface RequestOptions {
  /**
   * The request spends no rate token: the request it completes paid for both (aiohttp's move between rooms is one
   * join, whose leave of the old room must not be refused half-way).
   */
  readonly paid?: boolean;
}

/**
 * How a request went, as far as is known when dispatch returns: `done`, `refused` (its error reply is already
 * sent), or `running` (its handler awaits the store or a replay; a refusal may still come as a reply).
 */
export type RequestOutcome = 'done' | 'refused' | 'running';
