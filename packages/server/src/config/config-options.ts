import type { z } from 'zod';
import { listeningOptions } from './listening-options.js';
import { storageOptions } from './storage-options.js';
import { tokenOptions } from './token-options.js';
import { sessionOptions } from './session-options.js';
import { abuseProtectionOptions } from './abuse-protection-options.js';
import { operationsOptions } from './operations-options.js';

export type { ConfigGroup, ConfigOption } from './config-option.js';

/** Every option Tessera's server reads, in documentation order (docs/configuration.md follows it). */
export const configOptions = {
  ...listeningOptions,
  ...storageOptions,
  ...tokenOptions,
  ...sessionOptions,
  ...abuseProtectionOptions,
  ...operationsOptions,
} as const;

export type ConfigOptions = typeof configOptions;
export type ConfigKey = keyof ConfigOptions;

type Parsed = { [K in ConfigKey]: z.output<ConfigOptions[K]['schema']> };

/** The server's resolved configuration: every option parsed, derived defaults filled in. */
export type ServerConfig = Omit<Parsed, 'issuer'> & {
  /** Never ends in `/`. */
  issuer: string;
};
