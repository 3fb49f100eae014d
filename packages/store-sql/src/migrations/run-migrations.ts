import { Migrator, type Kysely, type Migration } from 'kysely';

/** Result of a migration run. */
export interface MigrationReport {
  /** Names of the migrations this run applied, in order (empty when already up to date). */
  applied: string[];
}

/** Applies every pending migration of `migrations` (by name order) with Kysely's Migrator. */
export async function runMigrations(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the Migrator is untyped by design
  db: Kysely<any>,
  migrations: Record<string, Migration>,
  migrationTableSchema?: string,
): Promise<MigrationReport> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  return { applied: results.filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
