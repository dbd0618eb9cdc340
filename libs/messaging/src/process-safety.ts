/**
 * The last line of defence of a long-running process: a promise rejection nobody handled is
 * logged, not fatal. Every known rejection is handled where it happens; this keeps an unknown
 * one (a library's fire-and-forget call while Redis is away, say) from taking the api or router
 * down with every connection it holds. Exceptions thrown synchronously still end the process.
 */
export function logUnhandledRejections(log: (message: string) => void): void {
  process.on('unhandledRejection', (reason: unknown) => {
    const text = reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason);
    log(`unhandled promise rejection (kept running): ${text.slice(0, 500)}`);
  });
}
