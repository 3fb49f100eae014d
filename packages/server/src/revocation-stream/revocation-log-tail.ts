import type { RevocationLog } from '@tessera/core';

/** Large pages: the tail is sought once per start, not per event. */
const tailPageSize = 5000;

/** The id of the last event in the log (undefined when it is empty), read page by page. */
export async function findLogTail(log: RevocationLog): Promise<string | undefined> {
  let cursor: string | undefined;
  for (;;) {
    const page = await log.listAfter(cursor, tailPageSize);
    cursor = page.at(-1)?.id ?? cursor;
    if (page.length < tailPageSize) return cursor;
  }
}
