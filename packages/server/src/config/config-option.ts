import type { z } from 'zod';

/**
 * One option: where it comes from, what it means, its default. The environment is the source
 * (docs/http-api.md#conventions); docs/configuration.md is generated from this table
 * (`tessera config docs`), and a test fails when the two differ.
 */
export interface ConfigOption<S extends z.ZodType = z.ZodType> {
  /** Environment variable. */
  env: string;
  /** Heading in the generated docs. */
  group: ConfigGroup;
  /** One or two sentences for operators. Markdown. */
  doc: string;
  /** Default in environment form (what you would write after `=`), parsed by `schema` like any value. */
  default?: string;
  /** How the default is shown when it is derived from other options. */
  defaultDoc?: string;
  /** Parses the (trimmed, non-empty) value or `undefined`. Error messages read after the variable name. */
  schema: S;
  /** Never echoed in errors or `tessera config check` (may carry a password). */
  secret?: boolean;
}

export type ConfigGroup = 'Listening' | 'Storage' | 'Tokens' | 'Sessions' | 'Abuse protection' | 'Operations';

/** Identity that keeps each option's own schema type, so `ServerConfig` is derived from the table. */
export function option<S extends z.ZodType>(spec: ConfigOption<S>): ConfigOption<S> {
  return spec;
}
