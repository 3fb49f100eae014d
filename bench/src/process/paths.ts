import { fileURLToPath } from 'node:url';

/** The repository root (bench/src/process → three levels up; same from bench/dist/process). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
