import { LockingScript, P2PKH, PrivateKey, Transaction } from '@bsv/sdk'
import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { fundKey, regtestAddressOf } from '../../network/devnet/fundedKey'
import { RpcClient } from '../../network/rpc/RpcClient'
import { parseOptions, scriptHelp, UsageError, type OptionSpecs } from '../cli/options'

const OPTIONS = {
  txs: { kind: 'integer', value: 'n', help: 'transactions per run (default 1000)' },
  concurrency: { kind: 'integer', value: 'n', help: 'requests in flight in the parallel run (default 16; RpcClient opens at most 16 connections)' },
  help: { kind: 'flag', short: 'h', help: 'this text' }
} as const satisfies OptionSpecs

const HELP = scriptHelp('npm run bench:devnet --', `Measures the embedded devnet through its JSON-RPC: one-input P2PKH transactions validated
and accepted per second (sendrawtransaction, scripts verified), and the time to mine a block
of them. Runs on a fresh devnet in a temporary directory.`, OPTIONS)

const WARM_UP = 100

interface Coin { txid: string, vout: number, satoshis: bigint }

function positive (value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  if (value < 1) throw new UsageError(`bench:devnet: --${name} must be a positive integer`)
  return value
}

/** Splits a coin into `count` equal outputs to the key (one transaction). */
async function split (rpc: RpcClient, key: PrivateKey, coin: Coin, count: number): Promise<Coin[]> {
  const lock = new P2PKH().lock(regtestAddressOf(key))
  const tx = new Transaction()
  tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, unlockingScriptTemplate: new P2PKH().unlock(key, 'all', false, Number(coin.satoshis), lock) })
  const each = (coin.satoshis - 100_000n) / BigInt(count)
  for (let i = 0; i < count; i++) tx.addOutput({ lockingScript: lock, satoshis: Number(each) })
  await tx.sign()
  const txid = await rpc.sendRawTransaction(tx.toHex())
  return Array.from({ length: count }, (_, vout) => ({ txid, vout, satoshis: each }))
}

async function signPayments (key: PrivateKey, coins: Coin[], payTo: LockingScript): Promise<string[]> {
  const lock = new P2PKH().lock(regtestAddressOf(key))
  const hexes: string[] = []
  for (const coin of coins) {
    const tx = new Transaction()
    tx.addInput({ sourceTXID: coin.txid, sourceOutputIndex: coin.vout, unlockingScriptTemplate: new P2PKH().unlock(key, 'all', false, Number(coin.satoshis), lock) })
    tx.addOutput({ lockingScript: payTo, satoshis: Number(coin.satoshis - 200n) })
    await tx.sign()
    hexes.push(tx.toHex())
    if (process.stdout.isTTY && hexes.length % 100 === 0) process.stdout.write(`\r  signed ${hexes.length}/${coins.length}`)
  }
  process.stdout.write(`${process.stdout.isTTY ? '\r' : ''}  signed ${hexes.length} transactions\n`)
  return hexes
}

/**
 * Sends every transaction with `concurrency` requests in flight. Returns transactions per
 * second, and the CPU time per transaction of this process (devnet, its verification threads
 * and the client), which depends less on what else the machine is running.
 */
async function send (rpc: RpcClient, hexes: string[], concurrency: number): Promise<{ perSecond: number, cpuMs: number }> {
  let next = 0
  const started = process.hrtime.bigint()
  const cpu = process.cpuUsage()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < hexes.length) await rpc.sendRawTransaction(hexes[next++])
  }))
  const used = process.cpuUsage(cpu)
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  return { perSecond: hexes.length / seconds, cpuMs: (used.user + used.system) / 1000 / hexes.length }
}

async function main (): Promise<void> {
  const args = parseOptions('bench:devnet', process.argv.slice(2), OPTIONS)
  if (args.help === true) { console.log(HELP); return }
  const count = positive(args.txs, 'txs', 1000)
  const concurrency = positive(args.concurrency, 'concurrency', 16)
  const dir = mkdtempSync(path.join(tmpdir(), 'divvy-bench-devnet-'))
  const devnet = await Devnet.start({ dataDir: dir, port: 0 })
  try {
    const rpc = new RpcClient({ url: devnet.rpcUrl, network: 'devnet', timeoutMs: 600_000 })
    const key = PrivateKey.fromRandom()
    const payTo = new P2PKH().lock(regtestAddressOf(PrivateKey.fromRandom()))
    console.log(`preparing ${WARM_UP + 2 * count} one-input P2PKH transactions...`)
    const [a, b] = await fundKey(rpc, key)
    const coins = [...await split(rpc, key, a, count + WARM_UP), ...await split(rpc, key, b, count)]
    await rpc.generateToAddress(1, regtestAddressOf(key))
    const warmUp = await signPayments(key, coins.slice(0, WARM_UP), payTo)
    const sequential = await signPayments(key, coins.slice(WARM_UP, WARM_UP + count), payTo)
    const parallel = await signPayments(key, coins.slice(WARM_UP + count), payTo)
    // Signing kept the event loop busy: let idle keep-alive connections expire before reusing any.
    await new Promise(resolve => setTimeout(resolve, 100))
    // Start the verification threads (and compile their code) before measuring.
    await send(rpc, warmUp, concurrency)
    await rpc.generateToAddress(1, regtestAddressOf(key))

    const oneByOne = await send(rpc, sequential, 1)
    console.log(`accepted ${count} transactions one request at a time: ${oneByOne.perSecond.toFixed(0)} tx/s (${oneByOne.cpuMs.toFixed(2)} ms CPU each)`)
    let started = process.hrtime.bigint()
    await rpc.generateToAddress(1, regtestAddressOf(key))
    const firstBlockMs = Number(process.hrtime.bigint() - started) / 1e6

    const inParallel = await send(rpc, parallel, concurrency)
    console.log(`accepted ${count} transactions with ${concurrency} requests in flight: ${inParallel.perSecond.toFixed(0)} tx/s (${inParallel.cpuMs.toFixed(2)} ms CPU each; target ≥ 300 tx/s)`)
    started = process.hrtime.bigint()
    const [hash] = await rpc.generateToAddress(1, regtestAddressOf(key))
    const blockMs = Number(process.hrtime.bigint() - started) / 1e6
    const block = await rpc.call<{ num_tx: number, size: number }>('getblock', [hash, 1])
    console.log(`mined a block of ${block.num_tx - 1} transactions (${block.size} bytes) in ${blockMs.toFixed(0)} ms (the first one: ${firstBlockMs.toFixed(0)} ms)`)
  } finally {
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch(e => {
  console.error(e instanceof UsageError ? e.message : `bench:devnet: ${(e as Error).message}`)
  if (process.env.BENCH_DEBUG !== undefined) console.error(e)
  process.exit(1)
})
