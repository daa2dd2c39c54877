import { txidOf } from './Hashes'
import { helpText, NodeParts, RpcMethod } from './RpcMethod'
import { RpcCode, RpcFailure } from './RpcFailure'
import { decodeTransaction } from './TxDecoder'
import { txJson } from './TxJson'

const NO_SUCH_TX = 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.'

/** getrawtransaction, decoderawtransaction and sendrawtransaction, as the node answers them. */
export function rawTransactionMethods (node: NodeParts): Record<string, RpcMethod> {
  const { chain, mempool, acceptor } = node
  return {
    getrawtransaction: {
      args: ['txid', 'verbose'],
      min: 1,
      max: 2,
      help: helpText('getrawtransaction "txid" ( verbose )', 'A mempool or confirmed transaction: its hex, or with verbose (true or non-zero) the decoded object.'),
      run: async (p) => {
        const txid = p.hashV(0, 'parameter 1')
        let verbose = false
        if (p.has(1)) {
          const v = p.raw(1)
          if (typeof v === 'number') verbose = p.int(1) !== 0
          else if (typeof v === 'boolean') verbose = v
          else throw new RpcFailure(RpcCode.TYPE_ERROR, 'Invalid type provided. Verbose parameter must be a boolean.')
        }
        const pooled = mempool.entries.get(txid)
        if (pooled !== undefined) {
          const hex = Buffer.from(pooled.raw).toString('hex')
          return verbose ? txJson(pooled.tx, txid, hex) : hex
        }
        const confirmed = await chain.confirmedTx(txid)
        if (confirmed === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, NO_SUCH_TX)
        if (!verbose) return confirmed.hex
        const b = confirmed.block
        const { tx } = decodeTransaction(confirmed.hex)
        return txJson(tx, txid, confirmed.hex, { blockhash: b.hash, confirmations: chain.height - b.height + 1, time: b.time, blocktime: b.time, blockheight: b.height })
      }
    },
    decoderawtransaction: {
      args: ['hexstring'],
      min: 1,
      max: 1,
      help: helpText('decoderawtransaction "hexstring"', 'Decodes a serialized transaction without looking anything up.'),
      run: (p) => {
        p.typeCheck(['string'])
        const hex = p.str(0)
        const { raw, tx, values } = decodeTransaction(hex)
        return txJson(tx, txidOf(raw), hex.toLowerCase(), undefined, values)
      }
    },
    sendrawtransaction: {
      args: ['hexstring', 'allowhighfees', 'dontcheckfee'],
      min: 1,
      max: 3,
      help: helpText('sendrawtransaction "hexstring" ( allowhighfees dontcheckfee )',
        'Validates a transaction and accepts it into the mempool (or, not yet final, the non-final pool); answers its txid.',
        'allowhighfees: accept a fee above -maxtxfee; dontcheckfee: mine it whatever it pays.'),
      run: async (p) => {
        p.typeCheck(['string', 'bool', 'bool'])
        const allowHighFees = p.has(1) && p.bool(1)
        const dontCheckFee = p.has(2) && p.bool(2)
        const hex = p.str(0)
        if (dontCheckFee) {
          const txid = (() => { try { return txidOf(decodeTransaction(hex).raw) } catch { return undefined } })()
          if (txid !== undefined && mempool.prioritise(txid, 21_000_000n * 100_000_000n)) return txid
        }
        return await acceptor.accept(hex, { allowHighFees, dontCheckFee })
      }
    }
  }
}
