import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { compileSource } from '../src/compile'

// Error fixtures in CashScript's style: one folder per error kind, each file starting with the
// expected located message (`// line:column: message`) of its first error.

const DIR = path.join(__dirname, 'fixtures', 'errors')

describe('compiler: error fixtures, one folder per error kind', () => {
  const kinds = fs.readdirSync(DIR).filter((d) => fs.statSync(path.join(DIR, d)).isDirectory()).sort()

  it('covers every kind a user can cause', () => {
    expect(kinds).to.deep.equal(['arguments', 'assignment', 'bounds', 'constant', 'import', 'redefinition', 'structure', 'syntax', 'type', 'undefined', 'unsupported'])
  })

  for (const kind of kinds) {
    describe(kind, () => {
      for (const file of fs.readdirSync(path.join(DIR, kind)).filter((f) => f.endsWith('.scrypt')).sort()) {
        it(file, () => {
          const source = fs.readFileSync(path.join(DIR, kind, file), 'utf8')
          const expected = /^\/\/ (.*)\n/.exec(source)?.[1]
          expect(expected, 'the first line names the expected error').to.be.a('string')
          const result = compileSource(source, path.join(DIR, kind))
          expect(result.hex).to.equal(undefined)
          const first = result.errors[0]
          expect(first, 'an error').to.not.equal(undefined)
          expect(`${first.loc.line}:${first.loc.column}: ${first.message}`).to.equal(expected)
          expect(first.kind).to.equal(kind)
        })
      }
    })
  }
})
