import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { sessionCookieOf, type HttpClient, type HttpResult } from './http-client.js';

export interface Credentials {
  email: string;
  password: string;
}

/** A fresh, unique account (suites share servers, even an external one). */
export function newCredentials(): Credentials {
  return { email: `e2e-${randomUUID()}@example.test`, password: `pw-${randomBytes(12).toString('base64url')}` };
}

export async function signUp(http: HttpClient, credentials: Credentials = newCredentials()): Promise<Credentials & { userId: string }> {
  const result = await http.json('POST', '/auth/signup', credentials);
  expect(result.status, result.text).toBe(201);
  return { ...credentials, userId: result.body.user.id as string };
}

export interface LoggedIn {
  /** The session cookie's value. */
  session: string;
  csrf: string;
  result: HttpResult;
}

export async function logIn(http: HttpClient, credentials: Credentials, options: { userAgent?: string; session?: string } = {}): Promise<LoggedIn> {
  const result = await http.json('POST', '/auth/login', credentials, {
    ...(options.session === undefined ? {} : { session: options.session }),
    headers: options.userAgent === undefined ? {} : { 'user-agent': options.userAgent },
  });
  expect(result.status, result.text).toBe(200);
  const cookie = sessionCookieOf(result);
  expect(cookie).toBeDefined();
  return { session: cookie!.value, csrf: result.body.csrf_token as string, result };
}

export async function signUpAndLogIn(http: HttpClient, options: { userAgent?: string } = {}) {
  const account = await signUp(http);
  return { ...account, ...(await logIn(http, account, options)) };
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

/** Password grant for the first-party client (no client_id). */
export async function passwordGrant(http: HttpClient, credentials: Credentials): Promise<TokenPair> {
  const result = await http.form('/oauth/token', { grant_type: 'password', username: credentials.email, password: credentials.password });
  expect(result.status, result.text).toBe(200);
  return result.body as TokenPair;
}

export async function refresh(http: HttpClient, refreshToken: string): Promise<HttpResult> {
  return http.form('/oauth/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
}
