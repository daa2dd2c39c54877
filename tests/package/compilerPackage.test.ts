import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import * as path from 'path'
import { npmPack, run, tarballFiles } from '../support/packedPackage'

const ROOT = path.resolve(__dirname, '..', '..')
const COMPILER = path.join(ROOT, 'compiler')

// What another scrypt-ts project does with the compiler: installs it alone, points scryptlib at
// its binary, and compiles. The project's own scryptlib is the one this repository installed.
const PROJECT_SCRIPT = `
const { compileContract, buildContractClass, Int } = require('scryptlib')
const { compileSource } = require('divvy-scryptc')
const fs = require('fs')
const source = 'contract Adder {\\n  int target;\\n  public function add(int a, int b) {\\n    require(a + b == this.target);\\n  }\\n}\\n'
fs.writeFileSync('adder.scrypt', source)
const result = compileContract('adder.scrypt', { out: '.', artifact: true })
if (result.errors.length > 0) throw new Error(JSON.stringify(result.errors))
const Adder = buildContractClass(JSON.parse(fs.readFileSync('adder.json', 'utf8')))
const adder = new Adder(Int(5))
const inProcess = compileSource(source)
const broken = compileSource('contract Broken {\\n  public function f(int x) {\\n    require(x == nope);\\n  }\\n}\\n')
console.log(JSON.stringify({
  pass: adder.add(Int(2), Int(3)).verify().success,
  fail: adder.add(Int(2), Int(2)).verify().success,
  template: inProcess.hex,
  error: broken.errors[0]
}))
`

describe('the compiler package, installed alone into another project', function () {
  this.timeout(300_000)
  let work: string

  before(() => { work = mkdtempSync(path.join(tmpdir(), 'divvy-scryptc-consumer-')) })
  after(() => { rmSync(work, { recursive: true, force: true }) })

  it('installs with npm offline (no dependencies), its bin answers scryptlib, and scryptlib compiles a contract that runs', () => {
    const manifest = JSON.parse(readFileSync(path.join(COMPILER, 'package.json'), 'utf8')) as { name: string, version: string, dependencies?: object, bin: Record<string, string> }
    expect(manifest.dependencies ?? {}, 'consumers install nothing else').to.deep.equal({})
    // `npm pack` (its prepack builds dist), then `npm install` of the tarball into an empty project.
    const tarball = npmPack(COMPILER, work)
    const listing = tarballFiles(path.join(work, tarball))
    expect(listing).to.include.members(['package/package.json', 'package/README.md', 'package/bin/scryptc.js', 'package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/cli.js'])
    expect(listing.filter(f => /^package\/(src|test)\//.test(f)), 'sources and tests stay out').to.deep.equal([])
    const project = path.join(work, 'project')
    mkdirSync(project)
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'scrypt-project', version: '1.0.0', private: true }))
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', path.join(work, tarball)], project)
    const bin = path.join(project, 'node_modules', '.bin', 'scryptc')
    expect(run(bin, ['version'], project)).to.match(/^Version: \d+\.\d+\.\d+\S*\n$/)
    symlinkSync(path.join(ROOT, 'node_modules', 'scryptlib'), path.join(project, 'node_modules', 'scryptlib'), 'dir')

    writeFileSync(path.join(project, 'compile.js'), PROJECT_SCRIPT)
    const answer = JSON.parse(run(process.execPath, ['compile.js'], project, { ...process.env, SCRYPTC: bin })) as { pass: boolean, fail: boolean, template: string, error: { message: string, loc: { line: number } } }
    expect(answer.pass, 'add(2, 3) with target 5').to.equal(true)
    expect(answer.fail, 'add(2, 2) with target 5').to.equal(false)
    expect(answer.template).to.match(/^[0-9a-f]*<target>[0-9a-f]*$/)
    expect(answer.error.message).to.match(/nope/)
    expect(answer.error.loc.line).to.equal(3)
  })
})
