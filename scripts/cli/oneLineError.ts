/** An error as one line for the user: its first line, without "Error:" prefixes. */
export function oneLineError (error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const first = message.split('\n').map(l => l.trim()).find(l => l !== '') ?? (error instanceof Error ? error.name : 'failed')
  return first.replace(/^(\w*Error:\s*)+/, '')
}
