import { z } from 'zod';

interface PageRouteDescription {
  summary: string;
  /** The fields of the page's form post (all strings; `''` when absent, see ./form-input.ts). */
  form?: readonly string[];
  /** The query parameters the page reads. */
  query?: readonly string[];
  /** A path parameter's schema (the device list's sign-out buttons). */
  params?: z.ZodObject;
  /** The tag: `pages`, or `oauth` for the browser side of the authorization endpoint. */
  tag?: 'pages' | 'oauth';
  /** How the page redirects: 303 to the next page (the default), 302 to a client (RFC 6749 §4.1.2). */
  redirects?: readonly (302 | 303)[];
}

const redirectDescriptions = { 302: 'Redirect to the client’s redirect_uri (Location)', 303: 'Redirect to the next page (Location)' } as const;

const html = { 'text/html': { schema: z.string() } };

const optionalStrings = (names: readonly string[]) => z.object(Object.fromEntries(names.map((name) => [name, z.string().optional()])));

/**
 * The OpenAPI description of a hosted page (tag `pages`): HTML answers, redirects with
 * `Location`, HTML error pages (./page-error-handler.ts). Pages parse their own forms and
 * re-render them with messages, so the form schema documents the field names and refuses nothing.
 */
export function pageRouteSchema({ summary, form, query, params, tag = 'pages', redirects = [303] }: PageRouteDescription) {
  return {
    summary,
    tags: [tag],
    ...(form ? { consumes: ['application/x-www-form-urlencoded'], body: optionalStrings(form) } : {}),
    ...(query ? { querystring: optionalStrings(query) } : {}),
    ...(params ? { params } : {}),
    response: {
      200: { description: 'An HTML page', content: html },
      ...Object.fromEntries(redirects.map((status) => [status, z.null().describe(redirectDescriptions[status])])),
      '4xx': { description: 'The page again with its messages, or an HTML error page', content: html },
      '5xx': { description: 'An HTML error page', content: html },
    },
  };
}
