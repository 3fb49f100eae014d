/** What every interop test checks a protected route with: the status and the body (parsed when JSON). */
export async function callWithBearer(url: string, token: string | undefined): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  const json = response.headers.get('content-type')?.includes('json') === true;
  return { status: response.status, body: json ? await response.json() : await response.text() };
}

/** The token with one signature byte changed: every middleware must refuse it. */
export function tamperedSignature(token: string): string {
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  signature[0] = (signature[0] ?? 0) ^ 0x01;
  return `${token.slice(0, dot)}.${signature.toString('base64url')}`;
}
