import type { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/**
 * Runs `work` in a transaction, retrying a few times when PostgreSQL aborts it as a deadlock
 * victim or serialization failure. Lock order across the code base is offer → ticket → agent;
 * the agent-first routing path only ever takes ticket locks with SKIP LOCKED, so deadlocks should
 * not happen, and this is the belt to those braces.
 */
export async function inTransaction<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (error) {
      const code =
        (error as { driverError?: { code?: string }; code?: string }).driverError?.code ??
        (error as { code?: string }).code;
      if (attempt >= attempts || !code || !RETRYABLE.has(code)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 10));
    }
  }
}

let savepoints = 0;

/**
 * Runs optional `work` inside the caller's transaction behind a savepoint: when it throws, its
 * writes are rolled back, the error is handed to `onError`, and the transaction carries on as
 * if it had never run (the caller falls back to doing the work later). Rows it locked stay
 * locked until the transaction ends.
 */
export async function trySavepoint<T>(
  manager: EntityManager,
  work: () => Promise<T>,
  onError: (error: unknown) => void,
): Promise<T | undefined> {
  const name = `optional_${++savepoints}`;
  await manager.query(`SAVEPOINT ${name}`);
  try {
    const result = await work();
    await manager.query(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await manager.query(`ROLLBACK TO SAVEPOINT ${name}`);
    onError(error);
    return undefined;
  }
}
