// The answer of a seam that a network may sit behind: a value at once on one node, a promise across many.

/** A seam's answer: the value itself when it is known here (one node), a promise when a network must be asked. */
export type Answer<T> = T | Promise<T>;

/**
 * Go on with an answer: synchronously when it is a value (the local path pays no promise and no tick), after it
 * settles when it is a promise. What `then` throws is thrown, or rejects the returned promise.
 */
export function settle<T, R>(answer: Answer<T>, then: (value: T) => Answer<R>): Answer<R> {
  return answer instanceof Promise ? answer.then(then) : then(answer);
}
