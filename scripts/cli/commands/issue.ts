import { bsv } from 'scrypt-ts'
import { DIVVY_SUPPLY } from '../../../contracts/offchain/bsv21'
import { buildIssueTransaction, CONTRACT_VOUT, DEFAULT_MIN_DEPOSIT } from '../../../contracts/offchain/issueTransaction'
import { operatorSetHash, type OperatorSet } from '../../../contracts/offchain/operatorSet'
import { feeWallet } from '../CallSubmission'
import { defineCommand, type Output } from '../Command'
import { loadContractArtifacts } from '../contractArtifacts'
import { crashPoint } from '../crashPoints'
import type { DivvyContext } from '../DivvyContext'
import { collectorKeyName } from '../CollectorKey'
import { codeHashOf, dividendAt } from '../DividendLocator'
import { storedSet } from '../OperatorSets'
import { UsageError } from '../options'
import type { TokenRecord } from '../TokenRegistry'
import { namedSet } from './setOperators'

/** The token symbol of a handle: `@NinjaPunkGirls` → `NINJAPUNKGIRLS`. */
export function symbolOf (handle: string): string {
  const name = handle.replace(/^[@$]/, '')
  if (!/^[A-Za-z0-9_]{1,32}$/.test(name)) throw new UsageError(`issue: --handle '${handle}' must be 1 to 32 letters, digits or '_' (an optional leading @)`)
  return name.toUpperCase()
}

/** How `issue` sets up the token's contract: its operator set and thresholds, its minimum deposit. */
export interface IssueOptions {
  /** The operator set's keys: names of this home's keys or `<public key>:<proof>` (default: the wallet's key alone). */
  operators?: string
  m1?: number
  m2?: number
  approvalThreshold?: bigint
  /** The contract's smallest deposit (default DEFAULT_MIN_DEPOSIT). */
  minDeposit?: bigint
  progress?: Output
}

/** The token `issue` made (or adopted), as the home records it, with its contract's operator set and minimum deposit. */
export interface IssuedToken extends TokenRecord {
  /** The issue transaction was one an interrupted run had recorded: adopted, not minted again. */
  adopted: boolean
  operatorSet: OperatorSet
  minDeposit: bigint
}

/** Whether a transaction is known to the network (in a block or the mempool). */
async function onChain (ctx: DivvyContext, txid: string): Promise<boolean> {
  try {
    await ctx.provider.getTransaction(txid)
    return true
  } catch {
    return false
  }
}

/** devnet/regtest: whether every input of `tx` is still unspent (the node's UTXO set with its mempool). */
async function inputsUnspent (ctx: DivvyContext, tx: bsv.Transaction): Promise<boolean> {
  for (const input of tx.inputs) {
    if (await ctx.rpc!.getTxOut(input.prevTxId.toString('hex'), input.outputIndex, true) === null) return false
  }
  return true
}

/**
 * Issues a handle's token in one transaction: output 0 the BSV-21 deploy+mint of the whole
 * supply on a 1-satoshi output to the wallet, output 1 its dividend contract (version 2) with
 * the operator set, output 2 the set published with each key's proof of possession (checked
 * first: no script checks the deploy output). The token id `<txid>_0` names the contract's
 * origin `<txid>_1`.
 *
 * Killed at any point, a rerun issues exactly one token: the signed transaction is recorded
 * in the home before it is broadcast, and a rerun adopts it when it reached the network, or
 * broadcasts the same transaction again when it did not (its coins still unspent).
 */
export async function issue (ctx: DivvyContext, handle: string, wallet: string, mine: boolean, options: IssueOptions = {}): Promise<IssuedToken> {
  loadContractArtifacts()
  const progress = options.progress ?? (() => {})
  const symbol = symbolOf(handle)
  const existing = ctx.tokens.all().find(t => t.symbol === symbol)
  if (existing !== undefined && existing.issueTx === undefined) throw new Error(`$${symbol} was already issued from this home (${existing.tokenId})`)
  let record: TokenRecord | undefined
  let tx: bsv.Transaction | undefined
  let adopted = false
  if (existing?.issueTx !== undefined) {
    const recorded = new bsv.Transaction(existing.issueTx)
    if (await onChain(ctx, recorded.id)) {
      progress(`adopting the issue transaction ${recorded.id} that an interrupted run broadcast`)
      record = existing
      tx = recorded
      adopted = true
    } else if (ctx.rpc === undefined || await inputsUnspent(ctx, recorded)) {
      progress(`broadcasting again the issue transaction ${recorded.id} that an interrupted run recorded`)
      record = existing
      tx = recorded
      // As recorded (its parents' outputs are not in the record): the same bytes, the same txid.
      await ctx.provider.sendRawTransaction(existing.issueTx)
      crashPoint('issue:broadcast')
      adopted = true
    } else {
      progress(`the issue transaction ${recorded.id} an interrupted run recorded can no longer be mined (its coins were spent elsewhere): issuing anew`)
    }
  }
  if (record === undefined || tx === undefined) {
    const { set, proofs } = namedSet(ctx, 'issue', { operators: options.operators ?? wallet, m1: options.m1, m2: options.m2, approvalThreshold: options.approvalThreshold })
    const minDeposit = options.minDeposit ?? DEFAULT_MIN_DEPOSIT
    const owner = ctx.key(wallet).toAddress().hashBuffer.toString('hex')
    const built = buildIssueTransaction({ symbol, supply: DIVVY_SUPPLY, ownerPkh: owner, operators: set, proofs, minDeposit, wallet: await feeWallet(ctx, wallet) })
    tx = built.tx
    record = {
      symbol,
      handle: handle.replace(/^@?/, '@'),
      tokenId: `${tx.id}_0`,
      supply: DIVVY_SUPPLY.toString(),
      version: 2,
      origin: `${tx.id}_${CONTRACT_VOUT}`,
      dividendCodeHash: codeHashOf(built.contract),
      operatorSets: { [operatorSetHash(set)]: storedSet(set) },
      dividend: `${tx.id}_${CONTRACT_VOUT}`,
      issueTx: tx.toString()
    }
    // Recorded before it is broadcast: a kill from here on leaves a rerun this very transaction.
    ctx.tokens.add(record)
    crashPoint('issue:recorded')
    await ctx.provider.sendTransaction(tx)
    crashPoint('issue:broadcast')
  }
  await ctx.settle(mine)
  // The token's collector key (where its payments arrive before the service deposits them).
  ctx.key(collectorKeyName(symbol))
  const issued: TokenRecord = { ...record }
  delete issued.issueTx
  ctx.tokens.add(issued)
  const origin = dividendAt(tx, CONTRACT_VOUT, 2)
  if (origin.version !== 2) throw new Error('internal: the issue transaction holds no version 2 contract')
  const set = Object.values(issued.operatorSets ?? {})[0]
  return { ...issued, adopted, minDeposit: origin.contract.minDeposit, operatorSet: { ...set, approvalThreshold: BigInt(set.approvalThreshold) } }
}

export const issueCommand = defineCommand({
  name: 'issue',
  description: `Deploys $<NAME> in one transaction: a BSV-21 deploy+mint of ${DIVVY_SUPPLY} tokens on a 1-satoshi
output to the wallet, and the token's dividend contract beside it (output 1: the token id
<txid>_0 names the contract). Its operator set is the wallet's key alone unless --operators
names up to 5 keys (each proves it holds its key before anything is deployed) with thresholds
m1 <= m2: rounds below --approval-threshold need m1 approvals, the rest m2. Killed at any
point, running it again adopts what reached the network: exactly one token.`,
  options: {
    handle: { kind: 'string', value: 'name', required: true, help: 'the payment handle, e.g. NinjaPunkGirls or @NinjaPunkGirls' },
    operators: { kind: 'string', value: 'keys', help: 'comma-separated: key names of this home, or <public key>:<proof> from \'divvy operator-key\' (default: the wallet\'s key)' },
    m1: { kind: 'integer', value: 'n', help: 'approvals a round below the approval threshold needs (default 1)' },
    m2: { kind: 'integer', value: 'n', help: 'approvals larger rounds, recommits and handovers need (default m1)' },
    'approval-threshold': { kind: 'amount', value: 'sats', help: 'rounds paying at least this need m2 (default 0)' },
    'min-deposit': { kind: 'amount', value: 'sats', help: `the smallest deposit the contract takes (default ${DEFAULT_MIN_DEPOSIT})` }
  },
  check: options => {
    symbolOf(options.handle)
    if (options['min-deposit'] === 0n) throw new UsageError('issue: --min-deposit must be at least 1 satoshi')
  },
  run: async (ctx, options, common, out) => {
    const t = await issue(ctx, options.handle, common.wallet, common.mine, {
      operators: options.operators, m1: options.m1, m2: options.m2, approvalThreshold: options['approval-threshold'], minDeposit: options['min-deposit'], progress: out
    })
    out(`issued $${t.symbol} for ${t.handle}: ${t.supply} tokens to wallet '${common.wallet}' (${ctx.address(common.wallet)})${t.adopted ? ' (the transaction of an interrupted run)' : ''}`)
    out(`token id ${t.tokenId}`)
    out(`dividend contract ${t.origin} (code hash ${t.dividendCodeHash}), minimum deposit ${t.minDeposit} satoshis`)
    const s = t.operatorSet
    out(`operators: ${s.keys.length} key${s.keys.length > 1 ? 's' : ''}, m1 = ${s.m1}, m2 = ${s.m2}${s.approvalThreshold > 0n ? `, rounds of ${s.approvalThreshold} satoshis or more need m2` : ''}`)
  }
})
