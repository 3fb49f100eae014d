/**
 * `@tessera/verify` as the lab uses it, loaded at run time so the lab builds and runs (skipping
 * what is missing, with the reason) while the package is still being written. The shape follows
 * packages/verify/README.md and packages/verify/src/verifier-options.ts.
 */

export interface VerifierLike {
  verify(token: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close?(): unknown;
}

export type CreateVerifier = (options: Record<string, unknown>) => VerifierLike;

export type Loaded<T> = { ok: true; value: T } | { ok: false; reason: string };

let cached: Promise<Loaded<CreateVerifier>> | undefined;

/** `createVerifier` from `@tessera/verify`, or why it is not usable yet. */
export function loadCreateVerifier(): Promise<Loaded<CreateVerifier>> {
  cached ??= (async (): Promise<Loaded<CreateVerifier>> => {
    const specifier = '@tessera/verify';
    try {
      const module = (await import(specifier)) as { createVerifier?: unknown };
      if (typeof module.createVerifier !== 'function') return { ok: false, reason: '@tessera/verify does not export createVerifier yet' };
      return { ok: true, value: module.createVerifier as CreateVerifier };
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      return { ok: false, reason: `@tessera/verify cannot be loaded (${message}); build it with \`tsc -b packages/verify\`` };
    }
  })();
  return cached;
}
