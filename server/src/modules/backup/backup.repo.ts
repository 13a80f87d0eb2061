// Backup's SQL, on either engine: the tables from the catalogue, rows out as JSON text by key, rows in by
// json_populate_recordset, the trigger switches for a load, and the checks after it.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/database.ts';

/** The rollups of the command centre: derived from the cases, rebuilt after a restore (gongzhi_dash_rebuild), not archived. */
export const DERIVED_TABLES = ['dash_daily', 'dash_daily_pending', 'dash_monthly', 'dash_open', 'dash_open_pending'];

export interface KeyColumn {
  name: string;
  type: string;
  collatable: boolean;
}

export interface TableInfo {
  name: string;
  columns: string[];
  key: KeyColumn[];
  /** Holds bytes (photos): read in small batches. */
  heavy: boolean;
}

const ident = (name: string): SQL => sql.raw(`"${name.replace(/"/g, '""')}"`);
const list = (names: readonly string[]): SQL => sql.join(names.map(ident), sql`, `);

/** Output that reads the same on both engines and every server: UTC times, hex bytes, shortest exact floats. */
export async function portableSession(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
  await tx.execute(sql`SET LOCAL DateStyle = 'ISO, YMD'`);
  await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
  await tx.execute(sql`SET LOCAL extra_float_digits = 1`);
  await tx.execute(sql`SET LOCAL bytea_output = 'hex'`);
}

/** Every table of the schema but the derived ones, parents before children (foreign keys), with its primary key. */
export async function listTables(db: Db): Promise<TableInfo[]> {
  const rows = await queryRows<{ name: string; columns: string[]; key: KeyColumn[] | null; heavy: boolean; parents: string[] | null }>(
    db,
    sql`SELECT c.relname AS name,
        (SELECT json_agg(a.attname ORDER BY a.attnum) FROM pg_attribute a
          WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '') AS columns,
        (SELECT json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
                 'collatable', a.attcollation <> 0) ORDER BY k.ord)
          FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
          WHERE i.indrelid = c.oid AND i.indisprimary) AS key,
        EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND a.atttypid = 'bytea'::regtype) AS heavy,
        (SELECT json_agg(DISTINCT p.relname) FROM pg_constraint f JOIN pg_class p ON p.oid = f.confrelid
          WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid <> c.oid) AS parents
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
  );
  const byName = new Map(rows.filter((r) => !DERIVED_TABLES.includes(r.name)).map((r) => [r.name, r]));
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (name: string, path: string[]): void => {
    const row = byName.get(name);
    if (!row || placed.has(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle through ${name}`);
    for (const parent of row.parents ?? []) place(parent, [...path, name]);
    if (!row.key) throw new Error(`table ${name} has no primary key: it cannot be backed up by key`);
    placed.add(name);
    ordered.push({ name, columns: row.columns, key: row.key, heavy: row.heavy });
  };
  for (const name of byName.keys()) place(name, []);
  return ordered;
}

/** Every table of the schema, derived ones included. */
export async function allTableNames(db: Db): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

const keyExpr = (k: KeyColumn, qualifier: string): SQL =>
  k.collatable ? sql`${sql.raw(qualifier)}.${ident(k.name)} COLLATE "C"` : sql`${sql.raw(qualifier)}.${ident(k.name)}`;

/**
 * Calls `onBatch` with the table's rows as JSON text (of `columns`, in that order), in key order (bytewise for
 * text), a batch at a time: never the whole table in memory.
 */
export async function exportRows(
  db: Db,
  table: TableInfo,
  columns: readonly string[],
  onBatch: (lines: string[]) => Promise<void>,
): Promise<void> {
  const limit = table.heavy ? 16 : 1_000;
  const order = (q: string) =>
    sql.join(
      table.key.map((k) => keyExpr(k, q)),
      sql`, `,
    );
  let after: string[] | undefined;
  for (;;) {
    const where = after
      ? sql`WHERE (${order('t')}) > (${sql.join(
          table.key.map((k, i) =>
            k.collatable ? sql`CAST(${after![i]} AS ${sql.raw(k.type)}) COLLATE "C"` : sql`CAST(${after![i]} AS ${sql.raw(k.type)})`,
          ),
          sql`, `,
        )})`
      : sql``;
    const keys = sql.join(
      table.key.map((k, i) => sql`x.${ident(k.name)}::text AS ${sql.raw(`k${i}`)}`),
      sql`, `,
    );
    const rows = await queryRows<Record<string, string>>(
      db,
      sql`SELECT row_to_json(x)::text AS j, ${keys}
        FROM (SELECT ${list(columns)} FROM ${ident(table.name)} t ${where} ORDER BY ${order('t')} LIMIT ${limit}) x
        ORDER BY ${order('x')}`,
    );
    if (rows.length === 0) return;
    await onBatch(rows.map((r) => r.j!));
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    after = table.key.map((_, i) => last[`k${i}`]!);
  }
}

/** Inserts rows given as JSON object texts; columns left out of `columns` take their defaults. */
export async function insertRows(tx: Db, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  await tx.execute(
    sql`INSERT INTO ${ident(table)} (${list(columns)})
      SELECT ${list(columns)} FROM json_populate_recordset(NULL::${ident(table)}, ${`[${lines.join(',')}]`}::json)`,
  );
}

export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM ${ident(table)}`);
  return rows[0]!.n;
}

export async function truncateAll(tx: Db, tables: readonly string[]): Promise<void> {
  await tx.execute(sql`TRUNCATE ${list(tables)}`);
}

/** Whether this session may replay rows as a replica (no user triggers, no foreign-key checks). */
export async function mayActAsReplica(db: Db): Promise<boolean> {
  const rows = await queryRows<{ ok: boolean }>(
    db,
    sql`SELECT current_setting('is_superuser') = 'on' OR has_parameter_privilege('session_replication_role', 'SET') AS ok`,
  );
  return rows[0]!.ok;
}

export async function actAsReplica(tx: Db): Promise<void> {
  await tx.execute(sql`SET LOCAL session_replication_role = replica`);
}

export interface Trigger {
  table: string;
  name: string;
  /** pg_trigger.tgenabled: O on, A always (even for a replica), R replica only. */
  mode: 'O' | 'A' | 'R';
}

/** The user triggers switched on: the append-only guards and the dashboard's (which fires even for a replica). */
export async function userTriggers(db: Db): Promise<Trigger[]> {
  return queryRows(
    db,
    sql`SELECT c.relname AS "table", t.tgname AS name, t.tgenabled AS mode FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT t.tgisinternal AND t.tgenabled <> 'D' ORDER BY 1, 2`,
  );
}

/** Switches a trigger off, or back on in the mode it had. */
export async function switchTrigger(tx: Db, trigger: Trigger, on: boolean): Promise<void> {
  const how = on ? { O: 'ENABLE', A: 'ENABLE ALWAYS', R: 'ENABLE REPLICA' }[trigger.mode] : 'DISABLE';
  await tx.execute(sql`ALTER TABLE ${ident(trigger.table)} ${sql.raw(how)} TRIGGER ${ident(trigger.name)}`);
}

/** Moves every sequence owned by a column past the column's largest value. */
export async function resetSequences(tx: Db): Promise<number> {
  const owned = await queryRows<{ seq: string; tbl: string; col: string }>(
    tx,
    sql`SELECT s.oid::regclass::text AS seq, c.relname AS tbl, a.attname AS col FROM pg_class s
      JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')
      JOIN pg_class c ON c.oid = d.refobjid JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE s.relkind = 'S' AND n.nspname = 'public'`,
  );
  for (const o of owned)
    await tx.execute(sql`SELECT setval(${o.seq}::regclass, coalesce((SELECT max(${ident(o.col)}) FROM ${ident(o.tbl)}), 0) + 1, false)`);
  return owned.length;
}

export async function rebuildDashboard(tx: Db): Promise<void> {
  await tx.execute(sql`SELECT gongzhi_dash_rebuild()`);
}

/** Foreign keys with rows pointing at nothing (checked after a load that did not check them), and how many. */
export async function danglingReferences(db: Db): Promise<{ constraint: string; n: number }[]> {
  const fks = await queryRows<{ name: string; child: string; parent: string; cc: string[]; pc: string[] }>(
    db,
    sql`SELECT f.conname AS name, cl.relname AS child, pc.relname AS parent,
        (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.conkey) WITH ORDINALITY k(n, ord)
          JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.n) AS cc,
        (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(f.confkey) WITH ORDINALITY k(n, ord)
          JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = k.n) AS pc
      FROM pg_constraint f JOIN pg_class cl ON cl.oid = f.conrelid JOIN pg_class pc ON pc.oid = f.confrelid
      JOIN pg_namespace n ON n.oid = cl.relnamespace
      WHERE f.contype = 'f' AND n.nspname = 'public' ORDER BY 1`,
  );
  const out: { constraint: string; n: number }[] = [];
  for (const fk of fks) {
    const present = sql.join(
      fk.cc.map((col) => sql`c.${ident(col)} IS NOT NULL`),
      sql` AND `,
    );
    const match = sql.join(
      fk.cc.map((col, i) => sql`p.${ident(fk.pc[i]!)} = c.${ident(col)}`),
      sql` AND `,
    );
    const rows = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM ${ident(fk.child)} c
        WHERE ${present} AND NOT EXISTS (SELECT 1 FROM ${ident(fk.parent)} p WHERE ${match})`,
    );
    if (rows[0]!.n > 0) out.push({ constraint: fk.name, n: rows[0]!.n });
  }
  return out;
}

/** Photos whose bytes no longer match their recorded size and SHA-256. */
export async function damagedAttachments(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT id FROM attachments WHERE size <> octet_length(content) OR sha256 <> encode(sha256(content), 'hex') ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

export async function attachmentTotals(db: Db): Promise<{ files: number; bytes: number }> {
  const rows = await queryRows<{ files: number; bytes: string | number }>(
    db,
    sql`SELECT count(*)::int AS files, coalesce(sum(size), 0)::bigint AS bytes FROM attachments`,
  );
  return { files: rows[0]!.files, bytes: Number(rows[0]!.bytes) };
}

export async function auditHeads(db: Db): Promise<{ cityId: string; seq: number; hash: string }[]> {
  const rows = await queryRows<{ cityId: string; seq: string | number; hash: string }>(
    db,
    sql`SELECT city_id AS "cityId", seq, hash FROM audit_heads ORDER BY city_id`,
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** How many migrations have run on this database (drizzle's own table). */
export async function appliedMigrations(db: Db): Promise<number> {
  const rows = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
  return rows[0]!.n;
}
