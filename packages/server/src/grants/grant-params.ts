import { z } from 'zod';

/** RFC 6749 §3.3 scope: space-separated, printable ASCII; the core checks each against the client's allowance. */
export const scopeParam = z.string().max(1024).optional();

/** The audience a token is for: RFC 8707 `resource`, or `audience` as many servers call it. */
export const audienceParams = {
  resource: z.string().max(512).optional(),
  audience: z.string().max(512).optional(),
};

export function requestedAudience(params: { resource?: string | undefined; audience?: string | undefined }): string | undefined {
  return params.resource ?? params.audience;
}
