import type { DividendState as ContractState } from '../../contracts/offchain/dividendState'
import { plainP2pkh } from '../script/P2pkh'
import { ScryptStateReader } from './ScryptStateReader'

/** The mutable state of a version 2 dividend contract (contracts/dividend.ts), in prop order. */
export interface DividendStateV2 extends ContractState {
  version: 2
  isGenesis: boolean
}

/** The mutable state of a version 1 dividend contract (contracts/v1/dividendV1.ts), in prop order. */
export interface DividendStateV1 {
  version: 1
  isGenesis: boolean
  /** Compressed public key, hex. */
  operator: string
  round: bigint
  snapshotHeight: bigint
  cursor: string
  roundPool: bigint
  roundTokens: bigint
}

export type DividendState = DividendStateV2 | DividendStateV1

export const EMPTY_CHAIN = '00'.repeat(32)

/**
 * Decodes a dividend contract's state hex (as the indexer serves it) into its fields: a
 * version 2 state (8 props, a 32-byte operator set hash first) or a version 1 state (6 props,
 * a 33-byte key first).
 */
export function readDividendState (stateHex: string): DividendState {
  const bytes = Buffer.from(stateHex, 'hex')
  try {
    const r = new ScryptStateReader(bytes)
    const operators = r.bytes()
    if (operators.length !== 32) throw new Error('not version 2')
    const state: DividendStateV2 = {
      version: 2,
      isGenesis: r.isGenesis,
      operators: operators.toString('hex'),
      round: r.int(),
      snapshotHeight: r.int(),
      cursor: r.bytes().toString('hex'),
      roundPool: r.int(),
      roundPaid: r.int(),
      proposal: r.bytes().toString('hex'),
      approvals: r.int()
    }
    r.end()
    return state
  } catch {
    const r = new ScryptStateReader(bytes)
    const state: DividendStateV1 = {
      version: 1,
      isGenesis: r.isGenesis,
      operator: r.bytes().toString('hex'),
      round: r.int(),
      snapshotHeight: r.int(),
      cursor: r.bytes().toString('hex'),
      roundPool: r.int(),
      roundTokens: r.int()
    }
    r.end()
    return state
  }
}

/** The parts of a contract history entry this reading needs (the indexer client's shape). */
export interface DividendStep {
  spent: Array<{ satoshis: bigint, state: string }>
  outputs: Array<{ vout: number, satoshis: bigint, state: string }>
  otherOutputs: Array<{ vout: number, satoshis: bigint, script: string }>
}

export interface Payout { vout: number, pkh: string, satoshis: bigint }

export type DividendStepKind = 'deploy' | 'deposit' | 'approval' | 'startRound' | 'distribute' | 'recommit' | 'setOperator' | 'unknown'

/** What a round has paid so far: version 2 counts satoshis, version 1 tokens. */
const progressOf = (s: DividendState): bigint => s.version === 2 ? s.roundPaid : s.roundTokens
const operatorOf = (s: DividendState): string => s.version === 2 ? s.operators : s.operator

/** What a transaction did to the contract, told from its state and value before and after. */
export function dividendStepKind (step: DividendStep): DividendStepKind {
  if (step.spent.length === 0 && step.outputs.length === 1) return 'deploy'
  if (step.spent.length !== 1 || step.outputs.length !== 1) return 'unknown'
  const before = readDividendState(step.spent[0].state)
  const after = readDividendState(step.outputs[0].state)
  if (before.version !== after.version) return 'unknown'
  const valueIn = step.spent[0].satoshis
  const valueOut = step.outputs[0].satoshis
  if (operatorOf(after) !== operatorOf(before)) return 'setOperator'
  if (after.round === before.round + 1n) return 'startRound'
  if (after.round !== before.round) return 'unknown'
  if (progressOf(after) > progressOf(before) && after.cursor !== before.cursor) return 'distribute'
  if (after.cursor !== before.cursor) return 'recommit'
  if (valueOut > valueIn) return 'deposit'
  if (after.version === 2 && before.version === 2 && (after.proposal !== before.proposal || after.approvals !== before.approvals)) return 'approval'
  return 'unknown'
}

/**
 * The holders a `distribute` paid: the P2PKH outputs right after the contract output, in
 * leaf order, whose sum is what left the contract; an output after them is the caller's
 * change. Undefined when the entry is not a distribute or its outputs do not add up.
 */
export function distributePayouts (step: DividendStep): Payout[] | undefined {
  if (dividendStepKind(step) !== 'distribute') return undefined
  const paid = step.spent[0].satoshis - step.outputs[0].satoshis
  const payouts: Payout[] = []
  let sum = 0n
  let vout = step.outputs[0].vout + 1
  for (const o of step.otherOutputs.filter(x => x.vout > step.outputs[0].vout)) {
    if (sum === paid) break
    const pkh = o.vout === vout ? plainP2pkh(Buffer.from(o.script, 'hex')) : undefined
    if (pkh === undefined) return undefined
    payouts.push({ vout: o.vout, pkh: pkh.toString('hex'), satoshis: o.satoshis })
    sum += o.satoshis
    vout++
  }
  return sum === paid ? payouts : undefined
}
