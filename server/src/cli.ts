import { loadConfig } from './config.ts';
import { createContext } from './context.ts';
import { verifyAllChains } from './modules/audit/index.ts';
import { backupUsage, runBackupCommand } from './modules/backup/index.ts';
import { classifierUsage, runClassifierCommand } from './modules/classifier/index.ts';
import { openConfiguredDatabase } from './server.ts';

const usage = `gongzhi — the Gongzhi command line

  gongzhi migrate         run the database migrations that have not run yet
  gongzhi audit verify    check every city's audit hash chain; exits 1 at the first broken link
${backupUsage}
${classifierUsage}

The database is DATABASE_URL when set, else the embedded one in GONGZHI_DATA_DIR (./data).`;

async function run(args: string[]): Promise<number> {
  const [command, sub] = args;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${usage}\n`);
    return command ? 0 : 2;
  }
  if (command === 'classifier') {
    return runClassifierCommand(args.slice(1), {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      withContext: async (use) => {
        const config = loadConfig();
        const database = await openConfiguredDatabase(config);
        try {
          await database.migrate();
          return await use(createContext(database, config));
        } finally {
          await database.close();
        }
      },
    });
  }
  const config = loadConfig();
  if (command === 'backup' || command === 'restore') {
    return runBackupCommand(command, args.slice(1), {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      open: () => openConfiguredDatabase(config),
    });
  }
  if (command === 'migrate') {
    const database = await openConfiguredDatabase(config);
    try {
      await database.migrate();
      process.stdout.write(`migrations applied (${database.kind})\n`);
      return 0;
    } finally {
      await database.close();
    }
  }
  if (command === 'audit' && sub === 'verify') {
    const database = await openConfiguredDatabase(config);
    try {
      await database.migrate();
      const reports = await verifyAllChains(database.db);
      let ok = true;
      for (const r of reports) {
        if (r.ok) process.stdout.write(`city ${r.cityId}: ${r.checked} entries, chain intact\n`);
        else {
          ok = false;
          process.stdout.write(
            `city ${r.cityId}: BROKEN at entry ${r.firstBroken!.seq}: ${r.firstBroken!.reason} (${r.checked} entries verified before it)\n`,
          );
        }
      }
      if (reports.length === 0) process.stdout.write('no cities yet\n');
      return ok ? 0 : 1;
    } finally {
      await database.close();
    }
  }
  process.stderr.write(`unknown command: ${args.join(' ')}\n\n${usage}\n`);
  return 2;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`gongzhi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
