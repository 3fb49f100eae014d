import { option } from './config-option.js';
import { integerInRange } from './config-value-schemas.js';

/** Browser sessions. Part of `configOptions`, in documentation order. */
export const sessionOptions = {
  sessionIdleTtlSeconds: option({
    env: 'TESSERA_SESSION_IDLE_TTL',
    group: 'Sessions',
    doc: 'A session unused this many seconds ends (ASVS 5.0 V7.3.1). Use slides it forward, writing at most once a minute.',
    default: '1800',
    schema: integerInRange(60, 31_536_000),
  }),
  sessionAbsoluteTtlSeconds: option({
    env: 'TESSERA_SESSION_ABSOLUTE_TTL',
    group: 'Sessions',
    doc: 'A session ends this many seconds after login, used or not (ASVS 5.0 V7.3.2). Also the cookie\'s `Max-Age`.',
    default: '43200',
    schema: integerInRange(60, 31_536_000),
  }),
} as const;
