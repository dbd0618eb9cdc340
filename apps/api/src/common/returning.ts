/** The rows of an UPDATE … RETURNING through TypeORM's query (which answers `[rows, count]` for updates). */
export function returning<R>(result: unknown): R[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result) as R[];
}
