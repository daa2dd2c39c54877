/**
 * Messages only a library writes, when a bug or an input nobody checked reached it: never
 * shown as they are (they tell the user nothing), but as what they mean.
 */
const LIBRARY_MESSAGES: Array<[RegExp, string]> = [
  [/checksum mismatch|invalid checksum/i, 'an address or key failed its checksum (mistyped or damaged)'],
  [/^Assertion failed|^Invalid (Argument|State)|Cannot read propert(y|ies) of (undefined|null)|is not a function|is not iterable|Maximum call stack/i,
    'an internal error stopped the command (a Divvy bug: DIVVY_DEBUG=1 shows where)']
]

/** An error as one line for the user: its first line, without "Error:" prefixes; a library's raw message as what it means. */
export function oneLineError (error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const first = message.split('\n').map(l => l.trim()).find(l => l !== '') ?? (error instanceof Error ? error.name : 'failed')
  const line = first.replace(/^(\w*Error:\s*)+/, '')
  return LIBRARY_MESSAGES.find(([pattern]) => pattern.test(line))?.[1] ?? line
}
