import { z } from 'zod';

/** A user as the `/auth/*` answers show it (`toPublicUser` in the core): never a hash or a flag. */
export const publicUserSchema = z
  .object({ id: z.string(), email: z.string(), created_at: z.iso.datetime() })
  .meta({ id: 'User', description: 'A user account as its owner sees it' });
