import * as fs from 'fs'

/** One mapping of the transpiler's `.scrypt.map`: [scryptColumn, sourceIndex, tsLine, tsColumn], all 0-based. */
type Mapping = [number, number, number, number]

/**
 * Maps a 1-based position in a transpiled `.scrypt` file back to the 1-based TypeScript
 * line and column, using the source map the scrypt-ts transpiler writes beside it.
 */
export function scryptToTs (mapFile: string, line: number, column: number): { line: number, column: number } | undefined {
  if (!fs.existsSync(mapFile)) return undefined
  const lines = JSON.parse(fs.readFileSync(mapFile, 'utf8')) as Mapping[][]
  // Search this line, then earlier ones: a statement's mapping is on its first line.
  for (let l = line - 1; l >= 0; l--) {
    const mappings = lines[l] ?? []
    if (mappings.length === 0) continue
    const before = mappings.filter(m => l < line - 1 || m[0] <= column - 1)
    const best = (before.length > 0 ? before : mappings)[before.length > 0 ? before.length - 1 : 0]
    return { line: best[2] + 1, column: best[3] + 1 }
  }
  return undefined
}
