/**
 * Writes verify's golden token fixture from core's signer:
 * `npx tsx --conditions=source packages/core/test/golden/write-golden-tokens.ts`
 * (`golden-tokens.test.ts` fails until the committed fixture matches what core signs).
 */
import { writeFileSync } from 'node:fs';
import { generateGoldenTokens, GOLDEN_FIXTURE_URL } from './golden-token-vectors.js';

writeFileSync(GOLDEN_FIXTURE_URL, `${JSON.stringify(await generateGoldenTokens(), null, 2)}\n`);
console.log(`wrote ${GOLDEN_FIXTURE_URL.pathname}`);
