import { MempoolEntry } from './Mempool'
import { helpText, NodeParts, RpcMethod } from './RpcMethod'
import { RpcCode, RpcFailure } from './RpcFailure'
import { valueFromAmount } from './RpcJson'

/** -maxmempool's default, 1000 MB, and the share of it low-paying transactions may use (-mempoolmaxpercentcpfp, 10 %). */
export const MAX_MEMPOOL_BYTES = 1_000_000_000
const CPFP_PERCENT = 10

/** getrawmempool, getmempoolentry, getmempoolinfo, getrawnonfinalmempool and prioritisetransaction. */
export function mempoolMethods (node: NodeParts): Record<string, RpcMethod> {
  const { mempool, nonFinal } = node

  /** writeMempoolEntryToJsonNL: `depends` lists the mempool parents, sorted. */
  const entryJson = (e: MempoolEntry): Record<string, unknown> => ({
    size: e.raw.length,
    fee: valueFromAmount(e.fee),
    modifiedfee: valueFromAmount(e.fee + e.feeDelta),
    time: e.time,
    height: e.height,
    depends: [...e.parents].sort()
  })

  return {
    getrawmempool: {
      args: ['verbose'],
      min: 0,
      max: 1,
      help: helpText('getrawmempool ( verbose )', 'The txids in the mempool (those waiting for a fee too); verbose: an object per transaction.'),
      run: (p) => {
        if (!(p.has(0) && p.bool(0))) return [...mempool.entries.keys()]
        return Object.fromEntries([...mempool.entries.values()].map(e => [e.txid, entryJson(e)]))
      }
    },
    getmempoolentry: {
      args: ['txid'],
      min: 1,
      max: 1,
      help: helpText('getmempoolentry txid', 'A mempool transaction\'s size, fee, time, height and mempool parents.'),
      run: (p) => {
        const e = mempool.entries.get(p.hashV(0, 'parameter 1'))
        if (e === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Transaction not in mempool')
        return entryJson(e)
      }
    },
    getmempoolinfo: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getmempoolinfo', 'Counts and sizes of the mempool, the part of it that waits for a fee (cpfp) and the non-final pool.'),
      run: () => {
        const bytes = [...mempool.entries.values()].reduce((n, e) => n + e.raw.length, 0)
        return {
          size: mempool.size,
          journalsize: mempool.mineable().length,
          nonfinalsize: nonFinal.size,
          bytes,
          // The devnet counts transaction bytes where the node counts memory.
          usage: bytes,
          usagedisk: 0,
          usagecpfp: mempool.secondaryBytes,
          nonfinalusage: [...nonFinal.entries.values()].reduce((n, e) => n + e.raw.length, 0),
          maxmempool: MAX_MEMPOOL_BYTES,
          maxmempoolsizedisk: 0,
          maxmempoolsizecpfp: MAX_MEMPOOL_BYTES * CPFP_PERCENT / 100,
          mempoolminfee: valueFromAmount(0n)
        }
      }
    },
    getrawnonfinalmempool: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getrawnonfinalmempool', 'The txids of the transactions waiting to become final.'),
      run: () => [...nonFinal.entries.keys()]
    },
    prioritisetransaction: {
      args: ['txid', 'priority_delta', 'fee_delta'],
      min: 3,
      max: 3,
      help: helpText('prioritisetransaction <txid> <priority delta> <fee delta>', 'Counts a mempool transaction as paying fee_delta satoshis more (or less) when blocks are built.'),
      run: (p) => {
        const txid = p.hashV(0, 'txid')
        const delta = p.raw(2)
        if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) throw new RpcFailure(RpcCode.MISC_ERROR, 'JSON value is not an integer as expected')
        mempool.prioritise(txid, BigInt(delta))
        return true
      }
    }
  }
}
