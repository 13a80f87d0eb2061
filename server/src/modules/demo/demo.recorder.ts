import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pg-proxy';
import type { Db } from '../../db/database.ts';
import * as schema from '../../db/schema.ts';
import { cases } from '../cases/index.ts';

// Walking thousands of demo cases through the real lifecycle code, one statement at a time, costs
// PGlite ~0.5 ms per parameterised statement: half a minute at the first start. The recorder is a Db
// that keeps the statements it is given and runs them later, up to 2,000 in one DO block (~0.1-0.2 ms
// each), in the order they came. Updates of `cases` are dropped: the caller writes each case's final
// row once, which is what the updates would have left.

/** A value written as an SQL literal (standard_conforming_strings: only the quote is doubled). */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value).toUpperCase();
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replaceAll("'", "''")}'`;
}

/** The statement with its $n parameters written in as literals. */
export function inlineParams(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index >= params.length) throw new Error(`no parameter $${n}`);
    return sqlLiteral(params[index]);
  });
}

const skippedUpdate = { set: () => ({ where: () => Promise.resolve() }) };

export class StatementRecorder {
  private statements: string[] = [];

  private readonly proxy: Db = drizzle(
    (text: string, params: unknown[], method: 'all' | 'execute') => {
      if (method === 'all' || !/^\s*(insert|update)\b/i.test(text)) {
        return Promise.reject(new Error(`the statement recorder takes writes only: ${text.slice(0, 80)}`));
      }
      if (!/^\s*update\s+"?cases"?\s/i.test(text)) this.statements.push(inlineParams(text, params));
      return Promise.resolve({ rows: [] });
    },
    { schema },
  ) as unknown as Db;

  /**
   * Give this to code that writes; it refuses to read (a read would need the writes made first).
   * `update(cases)` is not even built: building a whole-row update costs more than running it in a batch.
   */
  readonly db: Db = new Proxy(this.proxy, {
    get: (target, property, receiver) => {
      if (property !== 'update') return Reflect.get(target, property, receiver) as unknown;
      return (table: unknown) => (table === cases ? skippedUpdate : target.update(table as typeof cases));
    },
  });

  /** Runs the recorded statements in order, in the caller's transaction, and forgets them. */
  async flush(tx: Db, perBlock = 2_000): Promise<void> {
    for (let i = 0; i < this.statements.length; i += perBlock) {
      const body = this.statements.slice(i, i + perBlock).join(';\n');
      let tag = '$gz$';
      for (let n = 0; body.includes(tag); n++) tag = `$gz${n}$`;
      await tx.execute(sql.raw(`DO ${tag} BEGIN\n${body};\nEND ${tag}`));
    }
    this.statements = [];
  }
}
