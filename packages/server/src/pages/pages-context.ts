import type { AppContext } from '../app/app-context.js';
import type { PreSessionCsrf } from './pre-session-csrf.js';
import type { PageAssets } from './static-assets.js';

/** What every page route gets: the server's context plus the pages' own assets and pre-session CSRF. */
export interface PagesContext extends AppContext {
  assets: PageAssets;
  preSessionCsrf: PreSessionCsrf;
}

/**
 * The core's password policy minimum, for the hints. The server composes the core with the
 * default policy (8, ASVS 5.0 V6.2.1); the core re-checks every password anyway.
 */
export const minPasswordLength = 8;
