// npm run bench:compiler — per contract: locking script size and compile time of the
// project's sCrypt compiler back end, run as scryptlib runs it (one process per contract).
import { execFileSync } from 'child_process'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { parseOptions, scriptHelp, type OptionSpecs } from '../cli/options'
import { packageRoot } from '../../runtime/packageFiles'
import { scryptcPath } from '../compile/compilerPath'

const OPTIONS = { help: { kind: 'flag', short: 'h', help: 'this text' } } as const satisfies OptionSpecs

const ROOT = packageRoot(__dirname)

const SAMPLES: Record<string, string> = {
  'sample:P2PKH': `contract P2PKH {
  const Ripemd160 addr;
  public function unlock(Sig sig, PubKey pubkey) {
    require(hash160(pubkey) == this.addr);
    require(checkSig(sig, pubkey));
  }
}`,
  'sample:HashPuzzle': `contract HashPuzzle {
  const Sha256 hash;
  public function unlock(bytes data) {
    require(sha256(data) == this.hash);
  }
}`,
  'sample:MultiSig2of3': `contract MultiSig {
  const PubKey[3] keys;
  public function unlock(Sig[2] sigs) {
    require(checkMultiSig(sigs, this.keys));
  }
}`,
  'sample:Counter': `contract Counter {
  @state int count;
  bytes __scrypt_ts_ctx_hashoutputs;
  int __scrypt_ts_ctx_value;
  constructor(int count) {
    this.count = count;
  }
  public function incrementOnChain(SigHashPreimage __scrypt_ts_txPreimage) {
    require(Tx.checkPreimageSigHashType(__scrypt_ts_txPreimage, SigHashType(b'41')));
    this.__scrypt_ts_ctx_hashoutputs = SigHash.hashOutputs(__scrypt_ts_txPreimage);
    this.__scrypt_ts_ctx_value = SigHash.value(__scrypt_ts_txPreimage);
    this.count++;
    bytes output = this.buildStateOutput(this.__scrypt_ts_ctx_value);
    require(this.__scrypt_ts_ctx_hashoutputs == hash256(output));
  }
  function buildStateOutput(int amount) : bytes {  return Utils.buildOutput(this.getStateScript(), amount);}
}`,
}

function contracts (): { name: string; source: string }[] {
  const list = Object.entries(SAMPLES).map(([name, source]) => ({ name, source }))
  const dir = path.join(ROOT, 'artifacts')
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.scrypt')).sort()) {
      list.push({ name: `artifacts/${f}`, source: fs.readFileSync(path.join(dir, f), 'utf8') })
    }
  }
  return list
}

function main (): void {
  if (parseOptions('bench:compiler', process.argv.slice(2), OPTIONS).help === true) {
    console.log(scriptHelp('npm run bench:compiler --', 'Compiles sample contracts and artifacts/*.scrypt with the compiler package (divvy-scryptc), printing script size and compile time.', OPTIONS))
    return
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-compiler-'))
  const BIN = scryptcPath() // builds the compiler package when its dist is stale
  const rows: string[][] = []
  let total = 0
  try {
    for (const c of contracts()) {
      const started = process.hrtime.bigint()
      let stdout: string
      try {
        stdout = execFileSync(process.execPath, [BIN, 'compile', '--hex', '--ast', '-o', out], { input: c.source, stdio: ['pipe', 'pipe', 'pipe'] }).toString()
      } catch (e) {
        const stderr = String((e as { stderr?: Buffer }).stderr ?? e).split('\n').find((l) => /Error/.test(l)) ?? 'crashed'
        rows.push([c.name, 'crash', stderr.trim(), '-'])
        continue
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      total += ms
      if (stdout.startsWith('Error:')) {
        rows.push([c.name, 'error', stdout.split('\n').slice(0, 2).join(' '), ms.toFixed(0)])
        continue
      }
      const hex = fs.readFileSync(path.join(out, 'stdin_hex.txt'), 'utf8')
      const placeholders = hex.match(/<[^>]+>/g) ?? []
      const bytes = hex.replace(/<[^>]+>/g, '').length / 2
      rows.push([c.name, String(bytes), String(placeholders.length), ms.toFixed(0)])
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true })
  }
  const header = ['contract', 'script bytes (without constructor values)', 'placeholders', 'compile ms (process)']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (r: string[]) => r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ')
  console.log(line(header))
  for (const r of rows) console.log(line(r))
  console.log(`total compile time: ${total.toFixed(0)} ms for ${rows.length} contracts`)
}

main()
