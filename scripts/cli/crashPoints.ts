/**
 * Fault injection for the kill tests: with DIVVY_CRASH_AT=<point> in its environment the
 * process kills itself (SIGKILL, nothing flushed or cleaned up, as a power cut or `kill -9`
 * would) when it reaches that point of a command. Unset, it does nothing.
 */
export function crashPoint (point: string): void {
  if (process.env.DIVVY_CRASH_AT === point) process.kill(process.pid, 'SIGKILL')
}
