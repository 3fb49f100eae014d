import { InvalidTargetError } from '@tessera/core';
import { z } from 'zod';

/** RFC 6749 §3.3 scope: space-separated, printable ASCII; the core checks each against the client's allowance. */
export const scopeParam = z.string().max(1024).optional();

const audienceValue = z.string().max(512);

/**
 * The audience a token is for: RFC 8707 `resource`, which may repeat (the form parser then gives
 * an array), or `audience` as many servers call it.
 */
export const audienceParams = {
  resource: z.union([audienceValue, z.array(audienceValue).max(16)]).optional(),
  audience: audienceValue.optional(),
};

interface AudienceInput {
  resource?: string | string[] | undefined;
  audience?: string | undefined;
}

/** Every audience the request names, in order, without repeats. */
export function requestedAudiences({ resource, audience }: AudienceInput): string[] {
  const named = [...(resource === undefined ? [] : [resource].flat()), ...(audience === undefined ? [] : [audience])];
  return [...new Set(named.filter((value) => value !== ''))];
}

/**
 * The one audience a new token is for. Tessera's access tokens name one audience, so naming
 * several distinct resources is refused (RFC 8707 §2 lets the server refuse a set it cannot issue).
 */
export function requestedAudience(input: AudienceInput): string | undefined {
  const audiences = requestedAudiences(input);
  if (audiences.length > 1) throw new InvalidTargetError('name one resource: a token here is for a single audience');
  return audiences[0];
}
