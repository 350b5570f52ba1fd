import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { EMBEDDED_CREDENTIALS, EMBEDDED_SUPERUSER } from "./embedded-url.js";
import { EmbeddedPostgresError } from "./errors.js";

/** The superuser's password, random per data folder, in a 0600 file inside it. */
export function superuserPasswordFile(dir: string): string {
  return path.join(dir, "superuser-password");
}

export async function writeSuperuserPassword(dir: string, password: string, ids: { uid?: number; gid?: number }): Promise<void> {
  const file = superuserPasswordFile(dir);
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  if (ids.uid !== undefined) await fs.chown(file, ids.uid, ids.gid!);
}

function connect(port: number, user: string, password: string, database = "postgres") {
  return postgres({ host: "127.0.0.1", port, user, password, database, max: 1, onnotice: () => {}, connect_timeout: 5 });
}

async function canLogIn(port: number, user: string, password: string): Promise<boolean> {
  const sql = connect(port, user, password);
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * The roles of the cluster: the superuser `postgres` (random password, administration only) and the
 * non-superuser `yonca` that owns the `yonca` database. A cluster of the previous version (bootstrapped
 * with `yonca` as its superuser) is upgraded in place: its bootstrap role becomes `postgres` (PostgreSQL
 * keeps the bootstrap role a superuser), a new `yonca` takes over the database and everything in it.
 * Returns the superuser's URL.
 */
export async function ensureRolesAndDatabase(dir: string, port: number, ids: { uid?: number; gid?: number }): Promise<string> {
  const { user, password, database } = EMBEDDED_CREDENTIALS;
  const file = superuserPasswordFile(dir);
  let superuserPassword = existsSync(file) ? (await fs.readFile(file, "utf8")).trim() : undefined;
  if (!superuserPassword || !(await canLogIn(port, EMBEDDED_SUPERUSER, superuserPassword))) {
    if (!(await canLogIn(port, user, password))) {
      throw new EmbeddedPostgresError(`cannot log in as the superuser of the embedded cluster in ${dir}: ${file} is missing or wrong`);
    }
    superuserPassword ??= randomBytes(24).toString("base64url");
    await writeSuperuserPassword(dir, superuserPassword, ids); // first: a start killed mid-upgrade finds it
    await upgradeFromSuperuserYonca(port, superuserPassword);
  }

  const admin = connect(port, EMBEDDED_SUPERUSER, superuserPassword);
  try {
    await admin.unsafe(`DROP ROLE IF EXISTS ${UPGRADE_ROLE}`);
    const [role] = await admin`SELECT rolsuper FROM pg_roles WHERE rolname = ${user}`;
    if (!role) await admin.unsafe(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    // Whatever an operator did: the app's role stays an ordinary one (COPY … FROM PROGRAM is refused).
    await admin.unsafe(`ALTER ROLE ${user} NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS`);
    const [db] = await admin`SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = ${database}`;
    if (!db) await admin.unsafe(`CREATE DATABASE ${database} OWNER ${user}`);
    else if (db.owner !== user) {
      await handOverObjects(port, superuserPassword, database, user);
      await admin.unsafe(`ALTER DATABASE ${database} OWNER TO ${user}`);
    }
  } finally {
    await admin.end({ timeout: 5 });
  }
  return `postgres://${EMBEDDED_SUPERUSER}:${encodeURIComponent(superuserPassword)}@127.0.0.1:${port}/postgres`;
}

const UPGRADE_ROLE = "yonca_upgrade";

async function upgradeFromSuperuserYonca(port: number, superuserPassword: string): Promise<void> {
  const { user, password } = EMBEDDED_CREDENTIALS;
  const temporary = randomBytes(24).toString("base64url");
  const old = connect(port, user, password);
  try {
    const [role] = await old`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
    if (!role?.rolsuper) {
      throw new EmbeddedPostgresError(`cannot administer the embedded cluster: the superuser password file is missing or wrong`);
    }
    // A role cannot rename itself: a temporary superuser does it.
    await old.unsafe(`DROP ROLE IF EXISTS ${UPGRADE_ROLE}`);
    await old.unsafe(`CREATE ROLE ${UPGRADE_ROLE} SUPERUSER LOGIN PASSWORD '${temporary}'`);
  } finally {
    await old.end({ timeout: 5 });
  }
  const upgrader = connect(port, UPGRADE_ROLE, temporary);
  try {
    await upgrader.begin(async (tx) => {
      await tx.unsafe(`ALTER ROLE ${user} RENAME TO ${EMBEDDED_SUPERUSER}`);
      await tx.unsafe(`ALTER ROLE ${EMBEDDED_SUPERUSER} PASSWORD '${superuserPassword}'`);
      await tx.unsafe(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    });
  } finally {
    await upgrader.end({ timeout: 5 });
  }
}

/**
 * Gives `owner` everything in `database` that the superuser owns outside the system schemas (REASSIGN
 * OWNED refuses the bootstrap role): schemas, tables with their sequences and indexes, views,
 * free-standing sequences, functions and types.
 */
async function handOverObjects(port: number, superuserPassword: string, database: string, owner: string): Promise<void> {
  const sql = connect(port, EMBEDDED_SUPERUSER, superuserPassword, database);
  try {
    await sql.unsafe(`
      DO $$
      DECLARE
        r record;
        su oid := (SELECT oid FROM pg_roles WHERE rolname = '${EMBEDDED_SUPERUSER}');
      BEGIN
        FOR r IN SELECT n.nspname FROM pg_namespace n
                 WHERE n.nspowner = su AND n.nspname NOT IN ('information_schema') AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER SCHEMA %I OWNER TO ${owner}', r.nspname);
        END LOOP;
        FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relowner = su AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
                   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
                   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                   AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')) LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}',
            CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END,
            r.name);
        END LOOP;
        FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                 WHERE p.proowner = su AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER ROUTINE %s OWNER TO ${owner}', r.name);
        END LOOP;
        FOR r IN SELECT t.oid::regtype AS name, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                 WHERE t.typowner = su AND t.typtype IN ('e', 'd', 'r') AND t.typelem = 0
                   AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%' LOOP
          EXECUTE format('ALTER %s %s OWNER TO ${owner}', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.name);
        END LOOP;
      END $$`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
