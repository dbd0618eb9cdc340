import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource } from 'typeorm';

/**
 * A named SQL statement. node-postgres prepares it once per connection under its name and
 * afterwards sends only the parameters, so the server neither parses nor plans it again.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, string>();

/** Declares a hot-path statement. Names are global per connection: one name, one text. */
export function statement(name: string, text: string): Statement {
  const full = `sb_${name}`;
  const earlier = declared.get(full);
  if (earlier !== undefined && earlier !== text) throw new Error(`statement ${name} declared twice with different SQL`);
  declared.set(full, text);
  return { name: full, text };
}

const generated = new Map<string, Statement>();

/** A statement whose text is built at run time from a bounded set of shapes (a unit of work's writes). */
export function generatedStatement(text: string): Statement {
  let found = generated.get(text);
  if (!found) {
    if (generated.size > 2_000) generated.clear();
    found = { name: `sb_g_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text };
    generated.set(text, found);
  }
  return found;
}

/** Something that runs statements: a unit of work's transaction, or the pool outside one. */
export interface Sql {
  query<R>(statement: Statement, values?: readonly unknown[]): Promise<R[]>;
}

/** The pg pool under TypeORM's data source: hot paths share its (warm, sized) connections. */
export function poolOf(db: DataSource): pg.Pool {
  const pool = (db.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) throw new Error('the data source is not initialised');
  return pool;
}

/** Runs statements on the pool, each in its own implicit transaction: reads outside a unit of work. */
export class PoolSql implements Sql {
  constructor(private readonly pool: pg.Pool) {}

  static of(db: DataSource): PoolSql {
    return new PoolSql(poolOf(db));
  }

  async query<R>(statement: Statement, values: readonly unknown[] = []): Promise<R[]> {
    const result = await this.pool.query({ name: statement.name, text: statement.text, values: [...values] });
    return result.rows as R[];
  }
}

/** JSON for a jsonb parameter: node-postgres would send a JavaScript array as a PostgreSQL array. */
export const json = (value: unknown): string => JSON.stringify(value);
