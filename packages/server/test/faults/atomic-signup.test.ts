import { serviceAvailable, testPostgresUrl } from '@tessera/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newCredentials } from '../e2e/support/accounts.js';
import { HttpClient } from '../e2e/support/http-client.js';
import { startTestServer, type StartedServer } from '../support/start-server.js';

const hasPostgres = await serviceAvailable('postgres');

/**
 * Issue 9, finding 16: the user row and its `user.signup` audit event were two separate writes,
 * so a database that failed between them left an account without its audit event (and answered
 * 503 for an account that existed). A trigger on the server's own schema makes PostgreSQL refuse
 * the audit row the way a full disk would (SQLSTATE 53100, which the store maps to 503).
 */
describe.runIf(hasPostgres)('audit finding 16: signup is not atomic', () => {
  let server: StartedServer;
  let http: HttpClient;
  let db: pg.Client;

  beforeAll(async () => {
    server = await startTestServer({ store: 'postgres' });
    http = new HttpClient(server.baseUrl);
    db = new pg.Client({ connectionString: testPostgresUrl, options: `-c search_path=${server.postgresSchema!}` });
    await db.connect();
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await server?.close();
  });

  const refuseSignupAuditEvents = async () => {
    await db.query(`CREATE FUNCTION refuse_signup_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'user.signup' THEN RAISE EXCEPTION 'audit storage refused' USING ERRCODE = 'disk_full'; END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER refuse_signup_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_signup_audit()`);
  };
  const acceptAuditEvents = async () => {
    await db.query('DROP TRIGGER refuse_signup_audit ON audit_events');
    await db.query('DROP FUNCTION refuse_signup_audit()');
  };

  it('a sign-up whose audit event is refused leaves no user behind; the retry succeeds with its event', { timeout: 60_000 }, async () => {
    const credentials = newCredentials();
    await refuseSignupAuditEvents();
    try {
      const failed = await http.json('POST', '/auth/signup', credentials);
      expect(failed.status, failed.text).toBe(503);
      expect(failed.body).toMatchObject({ code: 'store_unavailable' });
    } finally {
      await acceptAuditEvents();
    }

    const { rows: leftBehind } = await db.query('SELECT id FROM users WHERE email = $1', [credentials.email]);
    expect(leftBehind).toEqual([]);
    const login = await http.json('POST', '/auth/login', credentials);
    expect(login.status, login.text).toBe(401);

    const retried = await http.json('POST', '/auth/signup', credentials);
    expect(retried.status, retried.text).toBe(201);
    const userId = retried.body.user.id as string;
    const { rows: events } = await db.query<{ type: string }>('SELECT type FROM audit_events WHERE user_id = $1 ORDER BY id', [userId]);
    expect(events.map((e) => e.type)).toEqual(['user.signup']);
    expect((await http.json('POST', '/auth/login', credentials)).status).toBe(200);
  });
});
