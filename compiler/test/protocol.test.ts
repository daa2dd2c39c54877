import { expect } from 'chai'
import { execFileSync, spawnSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { compileContract, compile as scryptlibCompile, compilerVersion, buildContractClass, Int, Bytes } from 'scryptlib'

// The binary speaks scryptlib's protocol: scryptlib itself drives it here.

const BIN = path.resolve(__dirname, '../bin/scryptc.js')

const COUNTER = `
struct Pair {
  int a;
  bytes b;
}
contract Counter {
  static const int STEP = 1;
  @state int count;
  @state Pair[2] pairs;
  const PubKey owner;
  constructor(int count, Pair[2] pairs, PubKey owner) {
    this.count = count;
    this.pairs = pairs;
    this.owner = owner;
  }
  public function inc(SigHashPreimage txPreimage) {
    require(Tx.checkPreimage(txPreimage));
    this.count += Counter.STEP;
    require(hash256(Utils.buildOutput(this.getStateScript(), SigHash.value(txPreimage))) == SigHash.hashOutputs(txPreimage));
  }
  public function other(Sig sig) {
    require(checkSig(sig, this.owner));
  }
}`

describe('compiler: scryptlib protocol', () => {
  let dir: string
  const savedEnv = process.env.SCRYPTC
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scryptc-test-'))
    process.env.SCRYPTC = BIN
  })
  after(() => {
    if (savedEnv === undefined) delete process.env.SCRYPTC
    else process.env.SCRYPTC = savedEnv
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('prints a version scryptlib parses', () => {
    expect(execFileSync(BIN, ['version']).toString()).to.match(/^Version: \d+\.\d+\.\d+\S*\n$/)
    expect(compilerVersion(BIN)).to.match(/^\d+\.\d+\.\d+/)
  })

  it('compileContract writes an artifact scryptlib can instantiate', () => {
    const file = path.join(dir, 'counter.scrypt')
    fs.writeFileSync(file, COUNTER)
    const result = compileContract(file, { out: dir, artifact: true })
    expect(result.errors).to.deep.equal([])
    const artifact = JSON.parse(fs.readFileSync(path.join(dir, 'counter.json'), 'utf8'))
    expect(artifact.contract).to.equal('Counter')
    expect(artifact.abi.map((a: { name?: string; type: string; index?: number }) => [a.type, a.name, a.index])).to.deep.equal([
      ['function', 'inc', 0], ['function', 'other', 1], ['constructor', undefined, undefined],
    ])
    expect(artifact.stateProps).to.deep.equal([{ name: 'count', type: 'int' }, { name: 'pairs', type: 'Pair[2]' }])
    expect(artifact.structs).to.deep.equal([{ name: 'Pair', params: [{ name: 'a', type: 'int' }, { name: 'b', type: 'bytes' }], genericTypes: [] }])
    expect(result.statics).to.deep.equal([{ const: true, name: 'Counter.STEP', type: 'int', value: '1' }])
    for (const p of ['count', 'pairs[0].a', 'pairs[1].b', 'owner']) expect(artifact.hex).to.contain(`<${p}>`)
    const Counter = buildContractClass(artifact)
    const c = new Counter(Int(7), [{ a: Int(1), b: Bytes('aa') }, { a: Int(2), b: Bytes('') }], '02' + '33'.repeat(32) as never)
    const script = c.lockingScript.toHex()
    expect(script).to.not.contain('<')
    // code part, OP_RETURN, then the state with its isGenesis byte, length and version
    expect(script.endsWith('00')).to.equal(true)
  })

  it('reports errors on standard output with exit status 0 and a location scryptlib reads', () => {
    const file = path.join(dir, 'broken.scrypt')
    fs.writeFileSync(file, 'contract Broken {\n  public function f(int x) {\n    require(x == nope);\n  }\n}\n')
    const out = execFileSync(BIN, ['compile', '--hex', '--ast', '-o', dir], { input: fs.readFileSync(file) }).toString()
    expect(out).to.match(/^Error: stdin:3:18:3:22:\n.*nope/)
    const result = compileContract(file, { out: dir, artifact: true })
    expect(result.errors.length).to.equal(1)
    expect(result.errors[0].position[0]).to.deep.equal({ line: 3, column: 18 })
    expect(fs.existsSync(path.join(dir, 'broken.json'))).to.equal(false)
  })

  it('reads imported files relative to the source, and reports errors in them with their path', () => {
    fs.mkdirSync(path.join(dir, 'lib'), { recursive: true })
    fs.writeFileSync(path.join(dir, 'lib', 'shapes.scrypt'), 'struct Pt {\n  int x;\n  int y;\n}\nlibrary Geo {\n  static function sum(Pt p) : int {\n    return p.x + p.y;\n  }\n}\n')
    const file = path.join(dir, 'user.scrypt')
    fs.writeFileSync(file, 'import "lib/shapes.scrypt";\ncontract User {\n  const Pt p;\n  public function go(int s) {\n    require(Geo.sum(this.p) == s);\n  }\n}\n')
    const result = compileContract(file, { out: dir, artifact: true })
    expect(result.errors).to.deep.equal([])
    expect(result.structs).to.deep.equal([{ name: 'Pt', params: [{ name: 'x', type: 'int' }, { name: 'y', type: 'int' }], genericTypes: [] }])
    expect(result.abi?.[1].params).to.deep.equal([{ name: 'p', type: 'Pt' }])
    expect(result.hex).to.contain('<p.x>')
    fs.writeFileSync(path.join(dir, 'lib', 'shapes.scrypt'), 'struct Pt {\n  int x;\n  int y;\n}\nlibrary Geo {\n  static function sum(Pt p) : int {\n    return p.x + p.z;\n  }\n}\n')
    const broken = compileContract(file, { out: dir, artifact: true })
    expect(broken.errors.length).to.equal(1)
    expect(broken.errors[0].filePath).to.equal(path.join(dir, 'lib', 'shapes.scrypt'))
    expect(broken.errors[0].position[0]).to.deep.equal({ line: 7, column: 18 })
  })

  it('takes a library with an explicit constructor as a constructor argument, as scryptlib passes it', () => {
    const file = path.join(dir, 'libParam.scrypt')
    fs.writeFileSync(file, `library L {
  int x;
  constructor(int a, int b) {
    require(a != b);
    this.x = a + b;
  }
  function f() : int {
    return this.x;
  }
}
contract Test {
  int x;
  L l;
  constructor(int x, L l) {
    this.x = x;
    this.l = l;
  }
  public function unlock(int y) {
    require(this.l.f() == y + this.x);
  }
}`)
    const result = compileContract(file, { out: dir, artifact: true })
    expect(result.errors).to.deep.equal([])
    expect(result.hex).to.contain('<l.ctor.a>')
    expect(result.hex).to.contain('<l.ctor.b>')
    const Test = buildContractClass(JSON.parse(fs.readFileSync(path.join(dir, 'libParam.json'), 'utf8')))
    const instance = new Test(Int(1), [Int(2), Int(5)])
    expect(instance.unlock(Int(6)).verify().success).to.equal(true)
    expect(instance.unlock(Int(5)).verify().success).to.equal(false)
    // the library's constructor runs in the script: its require too
    const same = new Test(Int(1), [Int(3), Int(3)])
    expect(same.unlock(Int(5)).verify().success).to.equal(false)
  })

  it('answers --stdout with one JSON document', () => {
    const file = path.join(dir, 'stdout.scrypt')
    fs.writeFileSync(file, COUNTER)
    const result = scryptlibCompile({ path: file, content: COUNTER }, { stdout: true, hex: true, ast: true, asm: true, cmdPrefix: BIN } as never)
    expect(result.errors).to.deep.equal([])
    expect(result.contract).to.equal('Counter')
    expect(result.hex).to.contain('<owner>')
  })

  it('runs the compiled JavaScript of dist/, and says how to build it when it is missing', () => {
    const copy = path.join(dir, 'unbuilt')
    fs.mkdirSync(path.join(copy, 'bin'), { recursive: true })
    fs.copyFileSync(BIN, path.join(copy, 'bin', 'scryptc.js'))
    const run = spawnSync(process.execPath, [path.join(copy, 'bin', 'scryptc.js'), 'version'], { encoding: 'utf8' })
    expect(run.status).to.equal(1)
    expect(run.stderr).to.match(/^scryptc: .*dist.*cli\.js is missing; build the compiler first \(npm run build in .*\)\n$/)
    fs.cpSync(path.resolve(__dirname, '../dist'), path.join(copy, 'dist'), { recursive: true })
    expect(execFileSync(process.execPath, [path.join(copy, 'bin', 'scryptc.js'), 'version']).toString()).to.match(/^Version: /)
  })
})
