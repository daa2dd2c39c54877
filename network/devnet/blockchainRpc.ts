import { Utils } from '@bsv/sdk'
import { parseRawBlock, serializeBlockHeader } from '../block/RawBlock'
import { BlockIndexEntry, medianTimePast } from './BlockIndex'
import { difficultyFromBits } from './ChainParams'
import { outpointKey } from './Coin'
import { merkleBranch } from './Hashes'
import { helpText, NodeParts, RpcMethod } from './RpcMethod'
import { RpcCode, RpcFailure } from './RpcFailure'
import { RpcParams } from './RpcParams'
import { valueFromAmount } from './RpcJson'
import { scriptPubKeyJson, txJson } from './TxJson'

/** Regtest's soft fork heights (chainparams.cpp): BIP34 never, BIP66 1251, BIP65 1351, CSV 576. */
const SOFT_FORKS: Array<[string, number, number]> = [['bip34', 2, 100_000_000], ['bip66', 3, 1251], ['bip65', 4, 1351], ['csv', 5, 576]]

/**
 * A verbosity as getblock and getblockheader take it: a number, a boolean, or a string as
 * bitcoin-cli sends it ("0", "true", "2", or the level's name, any case).
 */
function verbosity (p: RpcParams, index: number, fallback: number, names: string[]): number {
  if (!p.has(index)) return fallback
  const v = p.raw(index)
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v >= names.length) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Verbosity value out of range')
    return v
  }
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const text = v.toUpperCase()
    if (text === 'FALSE') return 0
    if (text === 'TRUE') return 1
    const level = /^[0-9]$/.test(text) ? Number(text) : names.indexOf(text)
    if (level < 0 || level >= names.length) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Verbosity value not recognized')
    return level
  }
  throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Invalid verbosity input type')
}

const BLOCK_LEVELS = ['RAW_BLOCK', 'DECODE_HEADER', 'DECODE_TRANSACTIONS', 'DECODE_HEADER_AND_COINBASE']
const HEADER_LEVELS = ['RAW_HEADER', 'DECODE_HEADER', 'DECODE_HEADER_EXTENDED']

/** The node's getblockchaininfo, getblock, getblockheader, getblockhash, gettxout and friends. */
export function blockchainMethods (node: NodeParts): Record<string, RpcMethod> {
  const { chain, mempool } = node

  /** getblock and getblockheader look the hash up without validating it (uint256S): anything else is "Block not found". */
  const entryAt = (p: RpcParams): BlockIndexEntry => {
    const hash = p.looseHash(0)
    const entry = hash === undefined ? undefined : chain.byHash.get(hash)
    if (entry === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Block not found')
    return entry
  }

  const status = (e: BlockIndexEntry): Record<string, unknown> => ({
    validity: 'scripts',
    data: true,
    undo: e.height > 0,
    failed: false,
    'parent failed': false,
    'disk meta': true,
    'soft reject': false,
    'double spend': false,
    'soft consensus frozen': false
  })

  /** blockheaderToJSON, field for field. */
  const headerJson = (e: BlockIndexEntry): Record<string, unknown> => ({
    hash: e.hash,
    confirmations: chain.height - e.height + 1,
    size: e.size,
    height: e.height,
    version: e.version,
    versionHex: (e.version >>> 0).toString(16).padStart(8, '0'),
    merkleroot: e.merkleRoot,
    num_tx: e.txCount,
    time: e.time,
    mediantime: medianTimePast(chain.entries, e.height),
    nonce: e.nonce,
    bits: e.bits.toString(16).padStart(8, '0'),
    difficulty: difficultyFromBits(e.bits),
    chainwork: e.chainwork,
    ...(e.height > 0 ? { previousblockhash: e.prevHash } : {}),
    ...(e.height < chain.height ? { nextblockhash: chain.entries[e.height + 1].hash } : {}),
    status: status(e)
  })

  const blockHex = async (e: BlockIndexEntry): Promise<string> => {
    const hex = await chain.blockHex(e.hash)
    if (hex === undefined) throw new RpcFailure(RpcCode.MISC_ERROR, `Block file ${e.hash} not available.`)
    return hex
  }

  return {
    getblockchaininfo: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getblockchaininfo', 'The state of the chain: network, height, best block, difficulty, soft forks.'),
      run: () => ({
        chain: 'regtest',
        blocks: chain.height,
        headers: chain.height,
        bestblockhash: chain.tip.hash,
        difficulty: difficultyFromBits(chain.tip.bits),
        mediantime: medianTimePast(chain.entries, chain.height),
        verificationprogress: 1,
        chainwork: chain.tip.chainwork,
        pruned: false,
        softforks: SOFT_FORKS.map(([id, version, height]) => ({ id, version, reject: { status: chain.height >= height } }))
      })
    },
    getblockcount: { args: [], min: 0, max: 0, help: helpText('getblockcount', 'The height of the best chain.'), run: () => chain.height },
    getbestblockhash: { args: [], min: 0, max: 0, help: helpText('getbestblockhash', 'The hash of the best block.'), run: () => chain.tip.hash },
    getdifficulty: { args: [], min: 0, max: 0, help: helpText('getdifficulty', 'The proof-of-work difficulty, as a multiple of the minimum.'), run: () => difficultyFromBits(chain.tip.bits) },
    getblockhash: {
      args: ['height'],
      min: 1,
      max: 1,
      help: helpText('getblockhash height', 'The hash of the best chain\'s block at a height.'),
      run: (p) => {
        const height = p.int(0)
        if (height < 0 || height > chain.height) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Block height out of range')
        return chain.entries[height].hash
      }
    },
    getblockheader: {
      args: ['blockhash', 'verbosity|verbose'],
      min: 1,
      max: 2,
      help: helpText('getblockheader "hash" ( verbosity )',
        'verbosity 0 (false, RAW_HEADER): the serialized header, hex; 1 (true, DECODE_HEADER, the default): an object;',
        '2 (DECODE_HEADER_EXTENDED): the object with the coinbase transaction and its merkle proof.'),
      run: async (p) => {
        p.str(0)
        const level = verbosity(p, 1, 1, HEADER_LEVELS)
        const e = entryAt(p)
        if (level === 0) return Utils.toHex(serializeBlockHeader(e))
        if (level === 1) return headerJson(e)
        const txs = parseRawBlock(await blockHex(e)).transactions
        const coinbase = txs[0]
        return {
          tx: [txJson(coinbase, coinbase.id('hex'), coinbase.toHex())],
          ...headerJson(e),
          merkleproof: merkleBranch(txs.map(t => t.id('hex')), 0)
        }
      }
    },
    getblock: {
      args: ['blockhash', 'verbosity|verbose'],
      min: 1,
      max: 2,
      help: helpText('getblock "blockhash" ( verbosity )',
        'verbosity 0 (RAW_BLOCK): the serialized block, hex; 1 (DECODE_HEADER, the default): an object with the txids;',
        '2 (DECODE_TRANSACTIONS): with every transaction decoded; 3 (DECODE_HEADER_AND_COINBASE): with the coinbase only.'),
      run: async (p) => {
        p.str(0)
        const e = entryAt(p)
        const level = verbosity(p, 1, 1, BLOCK_LEVELS)
        const hex = await blockHex(e)
        if (level === 0) return hex
        const txs = parseRawBlock(hex).transactions
        const shown = level === 3 ? txs.slice(0, 1) : txs
        return {
          tx: level === 1 ? shown.map(t => t.id('hex')) : shown.map(t => txJson(t, t.id('hex'), t.toHex())),
          ...headerJson(e)
        }
      }
    },
    gettxout: {
      args: ['txid', 'n', 'include_mempool'],
      min: 2,
      max: 3,
      help: helpText('gettxout "txid" n ( include_mempool )', 'An unspent output: its value, script and confirmations; null when spent or unknown.'),
      run: (p) => {
        const txid = p.looseHash(0)
        const n = p.int(1)
        const includeMempool = p.has(2) ? p.bool(2) : true
        if (txid === undefined) return null
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
          value: valueFromAmount(coin.satoshis),
          scriptPubKey: scriptPubKeyJson(coin.script),
          coinbase: coin.coinbase,
          confiscation: false
        }
      }
    },
    getchaintips: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getchaintips', 'The tips of the block tree: this devnet has one chain.'),
      run: () => [{ height: chain.height, hash: chain.tip.hash, branchlen: 0, status: 'active' }]
    }
  }
}
