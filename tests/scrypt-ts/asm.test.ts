import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'
import { findSig, MethodCallOptions, PubKey, Addr, SignatureResponse, toHex, bsv } from 'scrypt-ts'
import { P2pkhAsm } from '../fixtures/asm/p2pkhAsm'
import { compileContracts } from '../../scripts/compile/compileContracts'
import { scratchProject } from '../support/compiledFixtures'
import { rerun } from '../support/contractCall'
import { localSigner, randomKey } from '../support/wallet'

// scrypt-cli's --asm flow through our pipeline: `.asm/asm.json` replaces a method's body with
// inline asm before our back end compiles it; scrypt-ts fills the asm variables (setAsmVars).

const SOURCE = path.resolve(__dirname, '..', 'fixtures', 'asm', 'p2pkhAsm.ts')

describe('npm run compile -- --asm: inline asm bodies from .asm/asm.json', function () {
  this.timeout(180_000)
  const key = randomKey()
  const address = toHex(bsv.crypto.Hash.sha256ripemd160(key.publicKey.toBuffer()))
  let artifact: any

  before(() => {
    const tsconfig = scratchProject([SOURCE])
    fs.mkdirSync(path.join(path.dirname(tsconfig), '.asm'))
    fs.copyFileSync(path.resolve(__dirname, '..', 'fixtures', 'asm', 'asm.json'), path.join(path.dirname(tsconfig), '.asm', 'asm.json'))
    const report = compileContracts({ tsconfig, asm: true })
    expect(report.problems).to.deep.equal([])
    artifact = JSON.parse(fs.readFileSync(report.contracts[0].artifactFile, 'utf8'))
    P2pkhAsm.loadArtifact(artifact)
  })

  it('compiles the asm: the script is the asm, its $variable a value scrypt-ts fills', () => {
    expect(artifact.hex).to.equal('<address>7576a9<P2pkhAsm.unlock.address>88ac')
  })

  async function deployed (): Promise<P2pkhAsm> {
    const instance = new P2pkhAsm(Addr(address))
    instance.setAsmVars({ 'P2pkhAsm.unlock.address': address })
    await instance.connect(localSigner(key))
    await instance.deploy(1)
    return instance
  }

  it('unlocks with the key whose address the asm variable holds, and only with it', async () => {
    const instance = await deployed()
    const { tx, atInputIndex } = await instance.methods.unlock(
      (sigs: SignatureResponse[]) => findSig(sigs, key.publicKey), PubKey(toHex(key.publicKey)),
      { pubKeyOrAddrToSign: key.publicKey, verify: true } as MethodCallOptions<P2pkhAsm>
    )
    expect(rerun(tx, atInputIndex)).to.equal(null)
    const other = randomKey()
    const asm = tx.inputs[atInputIndex].script.toASM().split(' ')
    asm[1] = toHex(other.publicKey)
    expect(rerun(tx, atInputIndex, copy => { copy.inputs[atInputIndex].setScript(bsv.Script.fromASM(asm.join(' '))) })).to.not.equal(null)
  })

  it('names an asm entry for a function that is not there', () => {
    const tsconfig = scratchProject([SOURCE])
    fs.mkdirSync(path.join(path.dirname(tsconfig), '.asm'))
    fs.writeFileSync(path.join(path.dirname(tsconfig), '.asm', 'asm.json'), JSON.stringify({ P2pkhAsm: { lock: 'op_1' } }))
    const report = compileContracts({ tsconfig, asm: true })
    expect(report.ok).to.equal(false)
    expect(report.problems.map(p => p.message).join('\n')).to.match(/'P2pkhAsm' has no function 'lock'/)
  })
})
