/** One line per event: `time event key=value ...`, or one JSON object per line when asked. */
export type EventLog = (event: string, fields?: Record<string, unknown>) => void

function plain (value: unknown): string {
  const s = typeof value === 'string' ? value : typeof value === 'bigint' ? value.toString() : JSON.stringify(value, (_k, v) => typeof v === 'bigint' ? v.toString() : v)
  return /[\s"=]/.test(s) ? JSON.stringify(s) : s
}

/** A log writing each event as one line to `write` (plain text, or JSON with `json`). */
export function eventLog (write: (line: string) => void, json = false): EventLog {
  return (event, fields = {}) => {
    const time = new Date().toISOString()
    if (json) {
      write(JSON.stringify({ time, event, ...fields }, (_k, v) => typeof v === 'bigint' ? v.toString() : v))
      return
    }
    const rest = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${plain(v)}`).join(' ')
    write(`${time} ${event}${rest === '' ? '' : ' ' + rest}`)
  }
}
