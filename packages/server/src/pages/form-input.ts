/**
 * The named fields of a form post as strings ('' when absent). The server's strict form parser
 * (http/form-body-parser.ts) has already refused repeated names, bad encodings, NUL and oversize
 * bodies, so every present value is a string.
 */
export function formFields<const K extends string>(body: unknown, names: readonly K[]): Record<K, string> {
  const source = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const fields = {} as Record<K, string>;
  for (const name of names) {
    const value = Object.hasOwn(source, name) ? source[name] : undefined;
    fields[name] = typeof value === 'string' ? value : '';
  }
  return fields;
}

/** One query parameter as a string, or undefined (absent or repeated). */
export function queryParam(query: unknown, name: string): string | undefined {
  if (typeof query !== 'object' || query === null || !Object.hasOwn(query, name)) return undefined;
  const value = (query as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
