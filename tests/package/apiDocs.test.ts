import { expect } from 'chai'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import * as path from 'path'
import { undocumentedExports } from '../support/apiDocs'

const ROOT = path.resolve(__dirname, '..', '..')

describe('the public API is documented', function () {
  this.timeout(120_000)

  it('every name the entry points export, and every public member of their classes, has JSDoc', () => {
    const entries = readdirSync(path.join(ROOT, 'exports')).filter(f => f.endsWith('.ts')).map(f => path.join(ROOT, 'exports', f))
    const report = undocumentedExports(entries, ROOT)
    expect(report.undocumented.map(u => `${u.file}: ${u.name}`)).to.deep.equal([])
    // The whole API was read: the contracts, the commands, the clients and their members.
    expect(report.checked).to.be.greaterThan(300)
  })

  it('so does the compiler package\'s entry point', () => {
    const report = undocumentedExports([path.join(ROOT, 'compiler', 'src', 'index.ts')], ROOT)
    expect(report.undocumented.map(u => `${u.file}: ${u.name}`)).to.deep.equal([])
    expect(report.checked).to.be.greaterThan(5)
  })

  it('names what lacks JSDoc: an undocumented function, interface, class member and re-export', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'divvy-apidocs-'))
    try {
      writeFileSync(path.join(dir, 'lib.ts'), [
        '/** Documented. */',
        'export function documented (): number { return 1 }',
        'export function bare (): number { return 2 }',
        'export interface Shape { x: number }',
        '/** A class. */',
        'export class Thing {',
        '  /** Documented member. */',
        '  readonly a = 1',
        '  readonly b = 2',
        '  private readonly hidden = 3',
        '}',
        'function internal (): number { return 4 }',
        'export { internal as renamed }'
      ].join('\n'))
      writeFileSync(path.join(dir, 'entry.ts'), "/** The entry. */\nexport * from './lib'\n")
      const report = undocumentedExports([path.join(dir, 'entry.ts')], dir)
      expect(report.undocumented.map(u => u.name).sort()).to.deep.equal(['Shape', 'Thing.b', 'bare', 'internal'])
      expect(report.undocumented.every(u => u.file === 'lib.ts')).to.equal(true)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
