import { LockingScript, P2PKH, Transaction, Utils } from '@bsv/sdk'
import { parseRawBlock, serializeBlockHeader } from '../block/RawBlock'
import { BlockIndexEntry, medianTimePast } from './BlockIndex'
import { Chain } from './Chain'
import { difficultyFromBits, Regtest } from './ChainParams'
import { outpointKey } from './Coin'
import { Mempool, MempoolEntry } from './Mempool'
import { Miner } from './Miner'
import { RpcCode, RpcFailure } from './RpcFailure'
import { RpcParams } from './RpcParams'
import { toBsv, txJson, scriptPubKeyJson } from './TxJson'
import { TxAcceptor } from './TxAcceptor'

export type RpcHandler = (params: RpcParams) => Promise<unknown> | unknown

export interface NodeParts {
  chain: Chain
  mempool: Mempool
  acceptor: TxAcceptor
  miner: Miner
  feeRate: number
  /** Shuts the devnet down after the answer has been sent. */
  requestStop: () => void
}

const NO_SUCH_TX = 'No such mempool or blockchain transaction. Use gettransaction for wallet transactions.'

/** bitcoind's JSON-RPC methods, answered from the devnet's chain and mempool. */
export function rpcMethods (node: NodeParts): Map<string, RpcHandler> {
  const { chain, mempool, acceptor, miner } = node

  const entryByHash = (hash: string): BlockIndexEntry => {
    const entry = chain.byHash.get(hash)
    if (entry === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Block not found')
    return entry
  }

  const headerJson = (e: BlockIndexEntry): Record<string, unknown> => ({
    hash: e.hash,
    confirmations: chain.height - e.height + 1,
    height: e.height,
    version: e.version,
    versionHex: e.version.toString(16).padStart(8, '0'),
    merkleroot: e.merkleRoot,
    num_tx: e.txCount,
    time: e.time,
    mediantime: medianTimePast(chain.entries, e.height),
    nonce: e.nonce,
    bits: e.bits.toString(16).padStart(8, '0'),
    difficulty: difficultyFromBits(e.bits),
    chainwork: e.chainwork,
    ...(e.height > 0 ? { previousblockhash: e.prevHash } : {}),
    ...(e.height < chain.height ? { nextblockhash: chain.entries[e.height + 1].hash } : {})
  })

  const blockHex = async (e: BlockIndexEntry): Promise<string> => {
    const hex = await chain.blockHex(e.hash)
    if (hex === undefined) throw new RpcFailure(RpcCode.MISC_ERROR, 'Block not found on disk')
    return hex
  }

  const mempoolEntryJson = (e: MempoolEntry): Record<string, unknown> => ({
    size: e.raw.length,
    fee: toBsv(e.fee),
    modifiedfee: toBsv(e.fee),
    time: e.time,
    height: e.height,
    depends: [...new Set(e.tx.inputs.map(i => i.sourceTXID as string).filter(id => mempool.entries.has(id)))]
  })

  const methods: Record<string, RpcHandler> = {
    getblockchaininfo: () => ({
      chain: 'regtest',
      blocks: chain.height,
      headers: chain.height,
      bestblockhash: chain.tip.hash,
      difficulty: difficultyFromBits(chain.tip.bits),
      mediantime: medianTimePast(chain.entries, chain.height),
      verificationprogress: 1,
      chainwork: chain.tip.chainwork,
      pruned: false
    }),
    getblockcount: () => chain.height,
    getbestblockhash: () => chain.tip.hash,
    getdifficulty: () => difficultyFromBits(chain.tip.bits),
    getblockhash: (p) => {
      const height = p.integer(0, 'height')
      if (height < 0 || height > chain.height) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Block height out of range')
      return chain.entries[height].hash
    },
    getblockheader: (p) => {
      const e = entryByHash(p.hash(0, 'blockhash'))
      if (p.boolean(1, 'verbose', true)) return headerJson(e)
      return Utils.toHex(serializeBlockHeader(e))
    },
    getblock: async (p) => {
      const e = entryByHash(p.hash(0, 'blockhash'))
      const verbosity = p.verbosity(1, 1)
      const hex = await blockHex(e)
      if (verbosity === 0) return hex
      const txs = parseRawBlock(hex).transactions.map(tx => ({ tx, txid: tx.id('hex') }))
      return {
        ...headerJson(e),
        size: e.size,
        tx: verbosity === 1 ? txs.map(t => t.txid) : txs.map(t => txJson(t.tx, t.txid, t.tx.toHex()))
      }
    },
    getrawtransaction: async (p) => {
      const txid = p.hash(0, 'txid')
      const verbose = p.boolean(1, 'verbose', false)
      const pooled = mempool.entries.get(txid)
      if (pooled !== undefined) {
        const hex = Buffer.from(pooled.raw).toString('hex')
        return verbose ? txJson(pooled.tx, txid, hex) : hex
      }
      const confirmed = await chain.confirmedTx(txid)
      if (confirmed === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, NO_SUCH_TX)
      if (!verbose) return confirmed.hex
      const b = confirmed.block
      return {
        ...txJson(Transaction.fromHex(confirmed.hex), txid, confirmed.hex),
        blockhash: b.hash,
        confirmations: chain.height - b.height + 1,
        time: b.time,
        blocktime: b.time,
        blockheight: b.height
      }
    },
    decoderawtransaction: (p) => {
      const hex = p.string(0, 'hexstring')
      let tx: Transaction
      try { tx = Transaction.fromHex(hex) } catch { throw new RpcFailure(RpcCode.DESERIALIZATION_ERROR, 'TX decode failed') }
      const { hex: _omitted, ...json } = txJson(tx, tx.id('hex'), hex)
      return json
    },
    sendrawtransaction: async (p) => await acceptor.accept(p.string(0, 'hexstring')),
    gettxout: (p) => {
      const txid = p.hash(0, 'txid')
      const n = p.integer(1, 'n')
      const includeMempool = p.boolean(2, 'include_mempool', true)
      const key = outpointKey(txid, n)
      let coin = chain.utxos.get(key)
      if (includeMempool) {
        if (mempool.spentBy.has(key)) return null
        coin ??= mempool.coin(txid, n)
      }
      if (coin === undefined) return null
      return {
        bestblock: chain.tip.hash,
        confirmations: coin.height < 0 ? 0 : chain.height - coin.height + 1,
        value: toBsv(coin.satoshis),
        scriptPubKey: scriptPubKeyJson(LockingScript.fromHex(coin.script)),
        coinbase: coin.coinbase
      }
    },
    getrawmempool: (p) => {
      if (!p.boolean(0, 'verbose', false)) return [...mempool.entries.keys()]
      return Object.fromEntries([...mempool.entries.values()].map(e => [e.txid, mempoolEntryJson(e)]))
    },
    getmempoolentry: (p) => {
      const e = mempool.entries.get(p.hash(0, 'txid'))
      if (e === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Transaction not in mempool')
      return mempoolEntryJson(e)
    },
    getmempoolinfo: () => ({
      size: mempool.size,
      bytes: [...mempool.entries.values()].reduce((n, e) => n + e.raw.length, 0),
      minrelaytxfee: toBsv(BigInt(Math.round(node.feeRate)))
    }),
    generatetoaddress: async (p) => {
      const count = p.integer(0, 'nblocks')
      const address = p.string(1, 'address')
      if (count < 0) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'nblocks must be non-negative')
      return await miner.generate(count, payToAddress(address))
    },
    getnetworkinfo: () => ({
      version: 101020200,
      subversion: '/Bitcoin SV:1.2.2(divvy-devnet)/',
      protocolversion: 70016,
      localservices: '0000000000000025',
      localrelay: true,
      timeoffset: 0,
      networkactive: false,
      connections: 0,
      networks: [],
      relayfee: toBsv(BigInt(Math.round(node.feeRate))),
      minconsolidationfactor: 0,
      localaddresses: [],
      warnings: ''
    }),
    uptime: () => Math.floor(process.uptime()),
    stop: () => {
      node.requestStop()
      return 'Bitcoin server stopping'
    }
  }
  return new Map(Object.entries(methods))
}

/** The P2PKH locking script of a regtest address; -5 "Invalid address" as bitcoind answers. */
export function payToAddress (address: string): LockingScript {
  try {
    const decoded = Utils.fromBase58Check(address)
    const prefix = decoded.prefix as number[]
    if (prefix.length !== 1 || prefix[0] !== Regtest.addressPrefix || (decoded.data as number[]).length !== 20) throw new Error('not regtest P2PKH')
    return new P2PKH().lock(decoded.data as number[])
  } catch {
    throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Error: Invalid address')
  }
}
