import { fileURLToPath } from 'node:url';

/** The checkout's root: packages/testing/src (or dist) → three levels up. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
