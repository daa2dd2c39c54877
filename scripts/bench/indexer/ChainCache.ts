import { createHash } from 'crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'fs'
import path from 'path'
import type { RawBlock } from './BlockAssembler'
import { prebuildChain, type PrebuildOptions } from './PrebuiltChain'

/** What the benchmark needs of a transfer plan once its blocks are built. */
export interface ChainSummary {
  tokenId: string
  transfers: number
  /** Signed transactions in the plan (the deploy+mint and the transfers; no coinbases). */
  txCount: number
  /** Expected token balance of every holder pkh (hex) with a positive balance. */
  balances: Map<string, bigint>
}

export interface BenchChain { summary: ChainSummary, blocks: RawBlock[], file: string | undefined, fromCache: boolean }

/** The files whose code decides the bytes of the chain: a change to any of them is a new cache entry. */
const BUILDERS = ['BenchKey', 'BlockAssembler', 'ChainBuilder', 'GenesisTxs', 'P2pkhSigner', 'PrebuiltChain', 'Sighash', 'TokenScripts', 'TransferPlan']
const FORMAT = 'divvy-bench-chain-1'

function cacheKey (options: PrebuildOptions): string {
  const h = createHash('sha256').update(FORMAT)
  h.update(JSON.stringify({ transfers: options.transfers, blockTxs: options.blockTxs ?? 2500, chains: options.chains ?? 100, holders: options.holders ?? 1000 }))
  for (const name of BUILDERS) {
    const ext = __filename.endsWith('.ts') ? '.ts' : '.js'
    h.update(readFileSync(path.join(__dirname, name + ext)))
  }
  return h.digest('hex').slice(0, 24)
}

interface Header { summary: { tokenId: string, transfers: number, txCount: number, balances: Array<[string, string]> }, blocks: Array<{ hash: string, txs: number, bytes: number }> }

/** File layout: 4-byte LE header length, the JSON header, then the raw blocks back to back. */
function write (file: string, summary: ChainSummary, blocks: RawBlock[]): void {
  const header: Header = {
    summary: { ...summary, balances: [...summary.balances].map(([pkh, amt]) => [pkh, amt.toString()]) },
    blocks: blocks.map(b => ({ hash: b.hash, txs: b.txs, bytes: b.raw.length }))
  }
  const json = Buffer.from(JSON.stringify(header))
  const size = Buffer.alloc(4)
  size.writeUInt32LE(json.length)
  const partial = `${file}.${process.pid}.partial`
  writeFileSync(partial, Buffer.concat([size, json, ...blocks.map(b => b.raw)]))
  renameSync(partial, file)
}

function read (file: string): { summary: ChainSummary, blocks: RawBlock[] } | undefined {
  let bytes: Buffer
  try { bytes = readFileSync(file) } catch { return undefined }
  const size = bytes.readUInt32LE(0)
  const header = JSON.parse(bytes.subarray(4, 4 + size).toString('utf8')) as Header
  let at = 4 + size
  const blocks = header.blocks.map(b => {
    const raw = bytes.subarray(at, at + b.bytes)
    at += b.bytes
    return { hash: b.hash, txs: b.txs, raw }
  })
  if (at !== bytes.length) return undefined
  const s = header.summary
  return { summary: { ...s, balances: new Map(s.balances.map(([pkh, amt]) => [pkh, BigInt(amt)])) }, blocks }
}

/**
 * The pre-built chain for `options`, from `cacheDir` when an earlier run built it with the
 * same parameters and the same builder code, else built (signing is most of a run's time)
 * and saved there. No `cacheDir`: always built, never saved.
 */
export async function benchChain (options: PrebuildOptions, cacheDir: string | undefined): Promise<BenchChain> {
  const file = cacheDir === undefined ? undefined : path.join(cacheDir, `chain-${options.transfers}-${cacheKey(options)}.bin`)
  if (file !== undefined) {
    const cached = read(file)
    if (cached !== undefined) return { ...cached, file, fromCache: true }
  }
  const { plan, blocks } = await prebuildChain(options)
  const summary: ChainSummary = { tokenId: plan.tokenId, transfers: plan.transfers, txCount: plan.waves.reduce((n, w) => n + w.length, 0), balances: plan.balances }
  if (file !== undefined && cacheDir !== undefined) {
    mkdirSync(cacheDir, { recursive: true })
    write(file, summary, blocks)
  }
  return { summary, blocks, file, fromCache: false }
}
