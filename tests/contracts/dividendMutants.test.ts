import { expect } from 'chai'
import * as fs from 'fs'
import * as os from 'os'
import * as path from 'path'
import { Dividend } from '../../contracts/dividend'
import { compileContract } from 'scryptlib'
import { useOurCompiler } from '../../scripts/compile/compilerPath'
import { compiledFolder, contractArtifact } from '../support/compiledFixtures'
import { ATTACKS } from './dividendAttacks'

const CONTRACTS = path.resolve(__dirname, '..', '..', 'contracts')

/**
 * Mutation testing of the version 2 contract's checks: each mutant is the contract's source
 * with one check removed or weakened, compiled by our back end. The attack that
 * check exists for must pass against the mutant (so the check is what stops it, and a test
 * fails if it goes) and fail against the contract.
 */
const MUTANTS: Array<{ check: string, from: string, to: string, attack: string }> = [
  { check: 'deposit: at least minDeposit', from: 'require(amount >= this.minDeposit);', to: 'require(amount >= 1);', attack: 'a deposit below minDeposit (griefing the contract output for free)' },
  { check: 'distribute: every payout at least 1 satoshi', from: 'require(payout > 0);', to: '', attack: 'a committed leaf that pays 0 satoshis' },
  { check: 'distribute: the batch is whole leaves', from: "require(rest == b'');", to: '', attack: 'a batch with bytes that are not whole leaves' },
  { check: 'distribute: a round never pays more than its pool', from: 'require(this.roundPaid <= this.roundPool);', to: '', attack: 'a round paying more than its pool (amounts above the supply), from deposits for the next round' },
  { check: 'distribute: at least one leaf', from: 'require(count > 0);', to: '', attack: 'an empty batch that spends the contract and pays nobody' },
  { check: 'approve: known action kinds only', from: 'require(kind >= 1 && kind <= 4);', to: '', attack: 'an unknown action kind that hands the role to bytes' },
  { check: 'approve: a set is 175 bytes', from: 'require(len(set) == 175);', to: '', attack: 'an operator set of 176 bytes' },
  { check: 'approve: the signing set is the operators\'', from: 'require(sha256(set) == (kind == 4 ? commitment : this.operators));', to: '', attack: 'a stranger signing with a set of its own' },
  { check: 'approve: a set accepts only an approved handover', from: 'require(same || kind != 4);', to: '', attack: 'a stranger\'s set accepting a handover nobody approved' },
  { check: 'approve: every signature given is valid', from: "require(checkSig(Sig(sig + b'41'), PubKey(key)));", to: '', attack: 'bytes that are not a signature in an operator\'s slot' },
  { check: 'approve: signatures pinned to ALL|FORKID', from: "checkSig(Sig(sig + b'41'), PubKey(key))", to: 'checkSig(Sig(sig), PubKey(key))', attack: 'a relayer swapping the snapshot under an operator\'s NONE signature' },
  { check: 'approve: distinct keys', from: 'if(i > 0) require(n < max(previous, 1));', to: '', attack: 'a handover to a set with one key twice (it would count twice)' },
  { check: 'approve: outnumber the pending proposal', from: 'require(count > pendingCount);', to: '', attack: 'one key replacing a proposal another key approved' },
  { check: 'approve: m2 at or above the approval threshold', from: 'pool < unpack(rest[2 : len(rest)])', to: 'true', attack: 'the hot key alone starting a round at the approval threshold' },
  { check: 'approve: m1 ends only an unpaid round', from: 'commitment == Dividend.EMPTY_CHAIN && this.roundPaid == 0', to: 'commitment == Dividend.EMPTY_CHAIN', attack: 'the hot key alone ending a round some holders were paid from' },
  { check: 'approve: a recommit names the cursor it replaces', from: "(kind == 2 ? this.cursor : b'')", to: "b''", attack: 'a recommit approved before a batch was paid, executed after it (paying those holders twice)' },
  { check: 'approve: every key of a new set accepts', from: 'kind == 4 ? keys : (lowRisk ? m1 : m2)', to: 'lowRisk ? m1 : m2', attack: 'a handover to a set whose second key is bytes nobody can sign for' },
  { check: 'approve: a new set\'s thresholds fit its keys', from: 'require(m1 >= 1 && m1 <= m2 && m2 <= keys);', to: '', attack: 'a handover to a set whose m2 exceeds its keys (large rounds frozen)' },
  { check: 'approve: an approved handover waits for the new set', from: 'this.proposal = sha256(num2bin(4, 1) + terms);', to: 'this.operators = commitment;', attack: 'a handover that moves the role before the new keys sign' },
  { check: 'approve: the pool leaves the contract 1 satoshi', from: 'require(pool > 0 && pool < this.__scrypt_ts_ctx_value);', to: '', attack: 'a round whose pool is more than the contract holds' },
  { check: 'approve: the approved pool is the round\'s pool', from: 'this.roundPool = pool;', to: 'this.roundPool = this.__scrypt_ts_ctx_value - 1;', attack: 'a deposit after the first approval swept into the approved round' }
]

describe('Dividend contract, version 2: every check mutation-tested', function () {
  this.timeout(600_000)
  const mutants = new Map<string, typeof Dividend>()

  before(() => {
    Dividend.loadArtifact(contractArtifact('dividend'))
    // The contract as the transpiler wrote it (the sCrypt the back end compiles); each mutant
    // is that source with one check taken out, compiled by the same back end.
    const source = fs.readFileSync(path.join(compiledFolder(CONTRACTS).dir, 'dividend.scrypt'), 'utf8')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'divvy-mutants-'))
    useOurCompiler()
    MUTANTS.forEach((m, i) => {
      const found = source.split(m.from).length - 1
      if (found !== 1) throw new Error(`mutant '${m.check}': the transpiled contract has ${found} occurrences of ${m.from}`)
      const file = path.join(dir, `mutant${i}.scrypt`)
      fs.writeFileSync(file, source.replace(m.from, m.to))
      const compiled = compileContract(file, { out: dir, artifact: true, optimize: true })
      if (compiled.errors.length > 0) throw new Error(`mutant '${m.check}' does not compile: ${compiled.errors.map(e => e.message).join('; ')}`)
      class Mutant extends Dividend {}
      Mutant.loadArtifact(JSON.parse(fs.readFileSync(path.join(dir, `mutant${i}.json`), 'utf8')))
      mutants.set(m.check, Mutant)
    })
  })

  it('every attack the checks stop is one of the attacks', () => {
    for (const m of MUTANTS) expect(ATTACKS[m.attack], m.attack).to.be.a('function')
  })

  for (const m of MUTANTS) {
    it(`${m.check}: without it, ${m.attack} passes; with it, it fails`, () => {
      const attack = ATTACKS[m.attack]
      expect(attack(mutants.get(m.check)!).run(), 'the mutant accepts the attack').to.equal(null)
      expect(attack(Dividend).run(), 'the contract rejects the attack').to.not.equal(null)
    })
  }
})
