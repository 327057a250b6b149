// The `steun` command: check, user, school (add, erase), migrate, backup, restore, demo. Errors go to stderr with a non-zero exit.
import 'dotenv/config';
import fs from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connection';
import { migrate, schemaVersion } from '../db/migrate';
import { createStores } from '../db';
import { ROLES, type Role } from '../db/accounts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../accounts/passwords';
import { runCheck } from './check';
import { runDemo } from './demo';
import { compileCourse } from '../course/compile';
import { formatDiagnostic } from '../course/format';
import { CliError } from './cli-error';
import { ROLE_NAMES } from '../db/audit';
import { backupDatabase, restoreDatabase } from './backup';
import { describeCounts, eraseSchool, findSchool } from './school-erase';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
}


const defaultIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

function withStores<T>(io: CliIo, work: (stores: ReturnType<typeof createStores>, baseUrl: string) => T): T {
  const config = loadConfig(io.env);
  const sqlite = openDatabase(config.databasePath);
  try {
    migrate(sqlite);
    return work(createStores(sqlite), config.baseUrl ?? `http://${config.host}:${config.port || 3000}`);
  } finally {
    sqlite.close();
  }
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const program = new Command('steun')
    .description('steun: leeromgeving voor "Steun in het onderwijs"')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  let exitCode = 0;

  program
    .command('check')
    .description('validate a course folder (default CONTENT_DIR)')
    .argument('[dir]', 'course folder')
    .option('--database <file>', 'also warn about lessons with stored progress that no longer exist')
    .option('--guessers', "after the summary, what each test-wise guessing strategy scores on every quiz and lesson's exercises")
    .action(async (dir: string | undefined, opts: { database?: string; guessers?: boolean }) => {
      const config = loadConfig(io.env);
      let storedKeys: string[] | undefined;
      if (opts.database) {
        if (!fs.existsSync(opts.database)) throw new CliError(`no database at ${opts.database}`);
        const sqlite = openDatabase(opts.database, { readonly: true });
        try {
          storedKeys = createStores(sqlite).progress.storedLessonKeys();
        } finally {
          sqlite.close();
        }
      }
      exitCode = await runCheck(dir ?? config.contentDir, { out: io.out, err: io.err }, storedKeys, { guessers: opts.guessers === true });
    });

  program
    .command('demo')
    .description('fill an empty database with a demo school, a coordinator, an author and teachers')
    .action(async () => {
      const config = loadConfig(io.env);
      const compiled = await compileCourse(config.contentDir);
      if (!compiled.course) {
        compiled.diagnostics.forEach((d) => io.err(formatDiagnostic(d)));
        throw new CliError(`the course in ${config.contentDir} has errors`);
      }
      const course = compiled.course;
      const sqlite = openDatabase(config.databasePath);
      try {
        migrate(sqlite);
        const demo = await runDemo(createStores(sqlite), course).catch((err: Error) => {
          throw new CliError(err.message);
        });
        io.out(`Demoschool "${demo.school}" (schoolcode ${demo.joinCode}). Accounts om mee in te loggen:`);
        for (const a of demo.accounts) io.out(`  ${a.role.padEnd(11)} ${a.email.padEnd(28)} ${a.password}  ${a.name}${a.progress ? ` (${a.progress} van de cursus)` : ''}`);
      } finally {
        sqlite.close();
      }
    });

  const user = program.command('user').description('manage accounts');
  user
    .command('add')
    .description('add an account; without --password prints a one-time link to set it')
    .requiredOption('--email <email>', 'e-mail address')
    .requiredOption('--name <name>', 'full name')
    .addOption(new Option('--role <role>', 'role').choices(ROLES).makeOptionMandatory())
    .option('--school <code>', "the school's join code (teachers and coordinators)")
    .option('--password <password>', `password (at least ${MIN_PASSWORD_LENGTH} characters)`)
    .action(async (opts: { email: string; name: string; role: Role; school?: string; password?: string }) => {
      if (opts.password !== undefined && opts.password.length < MIN_PASSWORD_LENGTH) {
        throw new CliError(`--password must be at least ${MIN_PASSWORD_LENGTH} characters`);
      }
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(opts.email.trim())) throw new CliError(`--email "${opts.email}" is not an e-mail address`);
      if (!opts.name.trim()) throw new CliError('--name must not be empty');
      const passwordHash = opts.password === undefined ? null : await hashPassword(opts.password);
      withStores(io, (stores, baseUrl) => {
        const { accounts } = stores;
        let schoolId: number | null = null;
        if (opts.school !== undefined) {
          const school = accounts.schoolByJoinCode(opts.school);
          if (!school) throw new CliError(`no school has join code "${opts.school}" (see 'steun school add')`);
          schoolId = school.id;
        } else if (opts.role === 'teacher' || opts.role === 'coordinator') {
          throw new CliError(`a ${opts.role} belongs to a school: give --school <join code>`);
        }
        if (accounts.emailTaken(opts.email)) throw new CliError(`an account with e-mail ${opts.email.trim().toLowerCase()} already exists`);
        const created = accounts.addUser({ email: opts.email, name: opts.name, role: opts.role, schoolId, passwordHash });
        stores.audit.record('opdrachtregel', 'account-add', { userId: created.id, schoolId, detail: ROLE_NAMES[created.role] });
        io.out(`Added ${created.role} ${created.name} <${created.email}> (id ${created.id}).`);
        if (!passwordHash) {
          const token = accounts.createPasswordToken(created.id);
          io.out(`One-time link to set the password (valid 7 days): ${baseUrl}/password/${token}`);
        }
      });
    });

  // An administrator links a school login by hand (the refused sign-in's log line names it): for
  // someone who cannot sign in with a password to link it from /me.
  user
    .command('link')
    .description('link a school login (OpenID Connect issuer and subject) to an account')
    .requiredOption('--email <email>', "the account's e-mail address")
    .requiredOption('--subject <sub>', "the school login's subject (sub), as the log of a refused sign-in shows it")
    .option('--issuer <url>', 'the issuer, as the log shows it (default OIDC_ISSUER)')
    .action((opts: { email: string; subject: string; issuer?: string }) => {
      const issuer = opts.issuer ?? loadConfig(io.env).oidc?.issuer;
      if (!issuer) throw new CliError('give --issuer, or set OIDC_ISSUER');
      if (!opts.subject.trim()) throw new CliError('--subject must not be empty');
      withStores(io, ({ accounts, identities }) => {
        const account = accounts.userByEmailWithHash(opts.email);
        if (!account) throw new CliError(`no account has e-mail ${opts.email.trim().toLowerCase()}`);
        const linked = identities.userIdFor(issuer, opts.subject);
        if (linked === account.id) return io.out(`Already linked to ${account.name} <${account.email}>.`);
        if (linked !== undefined) throw new CliError(`that school login is linked to another account (id ${linked})`);
        identities.link(issuer, opts.subject, account.id);
        io.out(`Linked school login ${opts.subject} at ${issuer} to ${account.role} ${account.name} <${account.email}>.`);
      });
    });

  /** A domain option's value, lower case without a leading @; throws on anything that is not a domain. */
  const domainOption = (given: string) => {
    const domain = given.trim().toLowerCase().replace(/^@/, '');
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) throw new CliError(`--domain must be a domain like school.nl, not "${given}"`);
    return domain;
  };
  const school = program.command('school').description('manage schools');
  school
    .command('add')
    .description("add a school; prints its join code as the last word")
    .requiredOption('--name <name>', 'school name')
    .option('--domain <domain>', 'new teachers who sign in with a school account at this e-mail domain join this school')
    .action((opts: { name: string; domain?: string }) => {
      if (!opts.name.trim()) throw new CliError('--name must not be empty');
      const domain = opts.domain === undefined ? undefined : domainOption(opts.domain);
      withStores(io, ({ accounts, identities, transaction, audit }) => {
        if (domain && identities.schoolIdForEmail(`x@${domain}`) !== undefined) throw new CliError(`another school already has the domain ${domain}`);
        const school = transaction(() => {
          const added = accounts.addSchool(opts.name);
          if (domain) identities.setSchoolDomain(added.id, domain);
          audit.record('opdrachtregel', 'school-add', { schoolId: added.id });
          return added;
        });
        io.out(`Added school "${school.name}" (id ${school.id})${domain ? ` for e-mail domain ${domain}` : ''}. Join code: ${school.joinCode}`);
      });
    });
  school
    .command('domain')
    .description("set or clear a school's e-mail domain (new school-login teachers join it; under OIDC_TRUST_EMAIL, accounts are linked by address only there)")
    .requiredOption('--school <code>', "the school's join code")
    .option('--domain <domain>', 'the e-mail domain, e.g. school.nl')
    .option('--none', 'clear the domain')
    .action((opts: { school: string; domain?: string; none?: boolean }) => {
      if ((opts.domain === undefined) === !opts.none) throw new CliError('give either --domain <domain> or --none');
      const domain = opts.domain === undefined ? null : domainOption(opts.domain);
      withStores(io, ({ accounts, identities }) => {
        const target = accounts.schoolByJoinCode(opts.school);
        if (!target) throw new CliError(`no school has join code "${opts.school}" (see 'steun school add')`);
        const owner = domain === null ? undefined : identities.schoolIdForEmail(`x@${domain}`);
        if (owner !== undefined && owner !== target.id) throw new CliError(`another school already has the domain ${domain}`);
        identities.setSchoolDomain(target.id, domain);
        io.out(domain ? `School "${target.name}" now has e-mail domain ${domain}.` : `School "${target.name}" has no e-mail domain now.`);
      });
    });

  school
    .command('erase')
    .description('erase a school that leaves, with every account in it and everything of theirs; counts first, erases only with --yes')
    .argument('<school>', "the school's id or join code")
    .option('--yes', 'really erase (cannot be undone; make a backup first)')
    .action((idOrCode: string, opts: { yes?: boolean }) => {
      withStores(io, (stores) => {
        const found = findSchool(stores, idOrCode);
        io.out(describeCounts(found, stores.retention.schoolCounts(found.id)));
        if (!opts.yes) {
          io.out('Nothing was erased. Run again with --yes to erase the school and all of the above; this cannot be undone (make a backup first: steun backup).');
          return;
        }
        const erased = eraseSchool(stores, found);
        io.out(`Erased school "${found.name}" and its ${erased} accounts.`);
      });
    });

  program
    .command('migrate')
    .description('apply new migrations to the database now (the server also does this when it starts)')
    .action(() => {
      const config = loadConfig(io.env);
      if (!fs.existsSync(config.databasePath)) throw new CliError(`no database at ${config.databasePath} (set DATABASE_PATH)`);
      const sqlite = openDatabase(config.databasePath);
      try {
        const applied = migrate(sqlite);
        io.out(applied.length > 0 ? `Applied migrations ${applied.join(', ')}; the database is at schema version ${schemaVersion(sqlite)}.` : `Nothing to do; the database is at schema version ${schemaVersion(sqlite)}.`);
      } finally {
        sqlite.close();
      }
    });

  program
    .command('backup')
    .description('consistent online copy of the database, also while the server runs (readable by this user only)')
    .argument('<target>', 'a new file, or a folder to write steun-YYYYMMDD-HHMMSS.db into')
    .option('--keep <n>', 'with a folder: keep the n newest backups there and delete older ones')
    .action(async (target: string, opts: { keep?: string }) => {
      const keep = opts.keep === undefined ? undefined : Number(opts.keep);
      if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new CliError(`--keep must be a whole number of at least 1, not "${opts.keep}"`);
      const config = loadConfig(io.env);
      const result = await backupDatabase(config.databasePath, target, { keep });
      io.out(`Backup written to ${result.file} (${(result.sizeBytes / 1_048_576).toFixed(1)} MB, schema version ${result.schemaVersion}, integrity ok).`);
      for (const old of result.removed) io.out(`Removed old backup ${old}`);
    });

  program
    .command('restore')
    .description('put a backup back at DATABASE_PATH, after checking it; the current database is kept aside')
    .argument('<file>', 'the backup to restore')
    .option('--force', 'restore even though the database seems to be in use (only when you are sure the server is stopped)')
    .action(async (file: string, opts: { force?: boolean }) => {
      const config = loadConfig(io.env);
      const result = await restoreDatabase(config.databasePath, file, { force: opts.force });
      io.out(`Restored ${config.databasePath} from ${file} (schema version ${result.schemaVersion}, integrity ok).`);
      if (result.previous) io.out(`The database that was there is kept as ${result.previous}.`);
      io.out('Start the server again; it applies newer migrations if the backup is older.');
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : err.exitCode || 1;
    io.err(`steun: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
