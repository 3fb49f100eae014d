import type { SigningAlgorithm } from './records.js';

/** Every `SigningAlgorithm`, for validating configuration and registrations at run time. */
export const signingAlgorithms = ['EdDSA', 'ES256', 'RS256', 'PS256'] as const satisfies readonly SigningAlgorithm[];

// Fails to compile when `SigningAlgorithm` gains a member the list lacks.
const everyAlgorithmListed: Exclude<SigningAlgorithm, (typeof signingAlgorithms)[number]> extends never ? true : never = true;
void everyAlgorithmListed;

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (signingAlgorithms as readonly string[]).includes(value);
}
