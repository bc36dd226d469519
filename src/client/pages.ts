// Lists the server gives in pages (rooms, members): one page's request and answer, and all pages up to a bound.
import type { ListPage } from './types.js';

/** The most entries the SDK gathers for one whole list, so that a huge server cannot grow a client without end. */
export const LIST_MAX = 5000;

/** The paging fields of a list request: only those given (an older server takes a request without them). */
export function pageQuery(
  after: string | undefined,
  limit: number | undefined,
): { after?: string; limit?: number } {
  return { ...(after !== undefined ? { after } : {}), ...(limit !== undefined ? { limit } : {}) };
}

/** A list answer's entries and paging fields as a page; an older server's answer has no hasMore and is the whole list. */
export function toPage<T>(items: T[], ok: { hasMore?: boolean; next?: string | null }): ListPage<T> {
  const next = ok.hasMore === true && typeof ok.next === 'string' && items.length > 0 ? ok.next : null;
  return { items, hasMore: next !== null, next };
}

/** Every page of a list, following each page's cursor, until the last page or `max` entries. */
export async function collectPages<T>(
  fetchPage: (after: string | undefined) => Promise<ListPage<T>>,
  max: number,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetchPage(after);
    all.push(...page.items);
    if (!page.hasMore || all.length >= max) return all.slice(0, max);
    after = page.next!;
  }
}
