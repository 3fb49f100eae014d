import { z } from 'zod';

/**
 * The RFC 9457 problem document every error outside `/oauth/*` is (./error-handler.ts), as the
 * OpenAPI component `Problem`. Loose: `field` (invalid_input) and `reason` (weak_password) are
 * extension members (§3.2) that only some codes carry.
 */
export const problemDetails = z
  .looseObject({
    type: z.string().describe('`urn:tessera:problem:<code>`'),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    code: z.string().describe('A stable error code (docs/errors.md)'),
    error: z.string().describe('Repeats `code`'),
    field: z.string().optional().describe('invalid_input: the field that was refused'),
    reason: z.string().optional().describe('weak_password: why the password was refused'),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

const problemContent = { 'application/problem+json': { schema: problemDetails } };

/** The error answers of a JSON route: every 4xx and 5xx is a problem document. */
export const problemResponses = {
  '4xx': { description: 'Refused: problem details (docs/http-api.md#errors)', content: problemContent },
  '5xx': { description: 'Unavailable (503, `Retry-After`) or failed (500): problem details', content: problemContent },
} as const;
