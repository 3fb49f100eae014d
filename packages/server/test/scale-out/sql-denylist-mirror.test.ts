import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeStores } from '../../src/compose/compose-stores.js';
import { composeTessera } from '../../src/compose/compose-tessera.js';
import { revocationLogPollMs } from '../../src/compose/compose-local-denylist.js';
import { loadConfig, type ServerConfig } from '../../src/index.js';
import { createLogger } from '../../src/observability/logger.js';
import { DenylistMirror } from '../../src/scale-out/denylist-mirror.js';
import { startServer, type RunningServer } from '../../src/serve.js';
import { passwordGrant, signUp } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { testSignupLimits } from '../support/start-server.js';

/**
 * Issue 13: without Redis, a serving instance answers the denylist from memory (no SQL query per
 * Bearer request), fed by the revocation log. What it must keep: a revocation on this instance
 * refuses the token at once, and one made by another process on the same database (the CLI)
 * within one poll of the log.
 */
describe('the SQL denylist mirror of an instance without Redis (embedded SQLite)', () => {
  let dataDir: string;
  let config: ServerConfig;
  let server: RunningServer;
  let http: HttpClient;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-sql-mirror-'));
    config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', TESSERA_DATA_DIR: dataDir, ...testSignupLimits });
    server = await startServer(config, { logger: createLogger({ level: 'silent' }) });
    http = new HttpClient(server.url);
  });
  afterAll(async () => {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const me = (token: string) => http.get('/api/me', { headers: { authorization: `Bearer ${token}` } });

  it('is live and authoritative once the server serves', () => {
    const denylist = server.tessera.stores.denylist;
    expect(denylist).toBeInstanceOf(DenylistMirror);
    expect((denylist as DenylistMirror).authoritative).toBe(true);
  });

  it('refuses a token revoked on this instance in the very next request', async () => {
    const account = await signUp(http);
    const pair = await passwordGrant(http, account);
    expect((await me(pair.access_token)).status).toBe(200);
    expect((await http.form('/oauth/revoke', { token: pair.access_token })).status).toBe(200);
    expect((await me(pair.access_token)).status).toBe(401);
  });

  it('refuses the tokens of a user another process disabled, within one poll of the revocation log', async () => {
    const account = await signUp(http);
    const pair = await passwordGrant(http, account);
    expect((await me(pair.access_token)).status).toBe(200);

    // `tessera users disable` beside the running server: its own stores, no mirror, same file.
    const cli = await composeStores(config);
    const cliTessera = await composeTessera(config, cli.stores);
    try {
      await cliTessera.disableUser(account.userId);
    } finally {
      await cliTessera.close();
    }
    const revokedAt = performance.now();
    let status = 200;
    while (status === 200 && performance.now() - revokedAt < revocationLogPollMs * 4 + 2000) {
      status = (await me(pair.access_token)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(status).toBe(401);
  });
});
