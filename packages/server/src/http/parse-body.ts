import { InvalidInputError } from '@tessera/core';
import type { z } from 'zod';
import { describeZodError } from './render-error.js';

/** Validates a request body against its zod schema; failures are `invalid_input` naming the field, never echoing a value. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const field = result.error.issues[0]?.path.map(String).join('.');
    throw new InvalidInputError(describeZodError(result.error), field || undefined);
  }
  return result.data;
}
