import { describe } from 'vitest';
import { externalTarget } from './support/e2e-target.js';
import { describeApiMeE2E } from './suites/api-me-suite.js';
import { describeBadInputE2E } from './suites/bad-input-suite.js';
import { describeCsrfE2E } from './suites/csrf-suite.js';
import { describeMetadataE2E } from './suites/metadata-suite.js';
import { describeSessionsE2E } from './suites/sessions-suite.js';
import { describeTokensE2E } from './suites/tokens-suite.js';

/**
 * The same suites against a running deployment: `TESSERA_E2E_BASE_URL` (e.g. a load balancer in
 * front of several instances) plus the TESSERA_E2E_CLIENT_* of a confidential client registered
 * there. Skipped when the variable is unset.
 */
const target = externalTarget();

describe.runIf(target !== null)(`end-to-end against ${target?.baseUrl ?? 'TESSERA_E2E_BASE_URL (unset)'}`, () => {
  const getTarget = () => target!;
  describeSessionsE2E(getTarget);
  describeCsrfE2E(getTarget);
  describeTokensE2E(getTarget);
  describeApiMeE2E(getTarget);
  describeMetadataE2E(getTarget);
  describeBadInputE2E(getTarget);
});
