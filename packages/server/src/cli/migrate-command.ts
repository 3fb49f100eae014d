import { mkdir } from 'node:fs/promises';
import { migratePostgres, migrateSqlite, type MigrationReport } from '@tessera/store-sql';
import type { Command } from 'commander';
import { sqliteFilename } from '../compose/compose-stores.js';
import { loadConfig } from '../config/load-config.js';

/**
 * `tessera migrate`: brings the configured database's schema up to date (idempotent). `serve`
 * migrates at start too; this is for deployments that migrate in a separate step.
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('run the SQL migrations of the configured database (SQLite under TESSERA_DATA_DIR, or DATABASE_URL)')
    .action(async () => {
      const config = loadConfig();
      let report: MigrationReport;
      let target: string;
      if (config.databaseUrl !== undefined) {
        target = 'PostgreSQL (DATABASE_URL)';
        report = await migratePostgres({ connectionString: config.databaseUrl });
      } else {
        await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
        target = sqliteFilename(config);
        report = await migrateSqlite({ filename: target });
      }
      const applied = report.applied.length === 0 ? 'already up to date' : `applied ${report.applied.join(', ')}`;
      process.stdout.write(`${target}: ${applied}\n`);
    });
}
