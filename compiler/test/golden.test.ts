import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { compileSource } from '../src/compile'

// Valid contracts with their golden hex templates (CashScript's fixture style): any change in
// the generated code shows up here as a diff. After an intended change, regenerate with
// `UPDATE_GOLDEN=1 npx mocha test/golden.test.ts` and review the diff of test/fixtures/valid.

const DIR = path.join(__dirname, 'fixtures', 'valid')
const UPDATE = process.env.UPDATE_GOLDEN === '1'

describe('compiler: golden hex of the valid fixtures', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.scrypt')).sort()

  it('has fixtures', () => { expect(files.length).to.be.greaterThan(10) })

  for (const file of files) {
    it(file, () => {
      const result = compileSource(fs.readFileSync(path.join(DIR, file), 'utf8'), DIR)
      expect(result.errors.map((e) => e.message)).to.deep.equal([])
      const golden = path.join(DIR, file.replace(/\.scrypt$/, '.hex'))
      if (UPDATE) fs.writeFileSync(golden, result.hex + '\n')
      expect(fs.existsSync(golden), `no ${path.basename(golden)}: run with UPDATE_GOLDEN=1`).to.equal(true)
      expect(result.hex).to.equal(fs.readFileSync(golden, 'utf8').trim())
    })
  }
})
