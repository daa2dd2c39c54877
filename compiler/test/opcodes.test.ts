import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { Script } from '@bsv/sdk'
import { compile } from './support/contractHarness'

// No opcode that only the Chronicle upgrade re-enabled may appear in a compiled script.

const CHRONICLE_ONLY = new Map([
  [0x62, 'OP_VER'], [0x65, 'OP_VERIF'], [0x66, 'OP_VERNOTIF'], [0x8d, 'OP_2MUL'], [0x8e, 'OP_2DIV'],
  [0xb3, 'OP_SUBSTR'], [0xb4, 'OP_LEFT'], [0xb5, 'OP_RIGHT'], [0xb6, 'OP_LSHIFTNUM'], [0xb7, 'OP_RSHIFTNUM'],
])

describe('compiler: opcodes', () => {
  it('emits no Chronicle-only opcode in any test contract', () => {
    const dir = __dirname
    const sources: string[] = []
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.test.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8')
      // every sCrypt source held in a template literal of the test files
      for (const m of text.matchAll(/`(\s*(?:struct|library|contract)[\s\S]*?)`/g)) {
        if (!m[1].includes('${') && !m[1].includes('<TYPE>')) sources.push(m[1])
      }
    }
    expect(sources.length).to.be.greaterThan(5)
    let scripts = 0
    for (const src of sources) {
      let hex: string
      try { hex = compile(src).hex } catch { continue }
      const script = Script.fromHex(hex.replace(/<[^>]+>/g, '00'))
      for (const chunk of script.chunks) {
        expect(CHRONICLE_ONLY.has(chunk.op), `${CHRONICLE_ONLY.get(chunk.op)} in\n${src}`).to.equal(false)
      }
      scripts++
    }
    expect(scripts).to.be.greaterThan(5)
  })
})
