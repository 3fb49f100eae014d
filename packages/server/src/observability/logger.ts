import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * Paths pino blanks out before anything is written: credentials in headers and bodies, wherever a
 * log call might carry them (ASVS 5.0 V16.2.5). Routes never log bodies or tokens in the first
 * place; this is the net under that rule.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'csrf_token',
  'sessionToken',
  '*.password',
  '*.token',
  '*.access_token',
  '*.refresh_token',
  '*.client_secret',
  '*.csrf_token',
  '*.sessionToken',
  '*.tokenHash',
];

export interface LoggerOptions {
  level: LevelWithSilent;
  /** Where lines go; default stdout. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/** The server's pino logger: redaction plus a request serializer that keeps only what operators need. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: {
        // No headers at all, and no query string (tokens travel in URLs more often than they should).
        req: (request: { method?: string; url?: string; ip?: string; routeOptions?: { url?: string } }) => ({
          method: request.method,
          url: stripQuery(request.url),
          route: request.routeOptions?.url,
          remoteAddress: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: pino.stdSerializers.err,
      },
    },
    options.destination,
  );
}

function stripQuery(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const index = url.indexOf('?');
  return index === -1 ? url : `${url.slice(0, index)}?[redacted]`;
}
