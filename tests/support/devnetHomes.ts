import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { bsv } from 'scrypt-ts'
import type { Devnet, DevnetOptions } from '../../network/devnet/Devnet'
import { resolveNetwork } from '../../network/networks'
import type { RpcClient } from '../../network/rpc/RpcClient'
import { fund } from '../../scripts/cli/commands/fund'
import { DivvyContext } from '../../scripts/cli/DivvyContext'
import { sendOutputs } from '../../scripts/cli/walletTransaction'
import { Attacker } from './attacker'
import { startTempDevnet, type TempDevnet } from './tempDevnet'

/**
 * One devnet (a node on a free port over a temporary folder, startTempDevnet) and any number
 * of Divvy homes on it, each with its own keys, token records and index, as separate users'
 * machines would have: opened with `--rpc`, so none of them runs the chain. `stop()` closes
 * every home and the devnet and removes the folder.
 */
export class DevnetHomes {
  private readonly contexts: DivvyContext[] = []

  private constructor (readonly dir: string, private readonly node: TempDevnet) {}

  static async start (options: Partial<DevnetOptions> = {}): Promise<DevnetHomes> {
    return new DevnetHomes(mkdtempSync(join(tmpdir(), 'divvy-homes-')), await startTempDevnet(options))
  }

  get devnet (): Devnet { return this.node.devnet }
  get rpc (): RpcClient { return this.node.rpc }

  /** The folder of home `name`. */
  home (name: string): string {
    return join(this.dir, name)
  }

  /** Opens home `name` (created on first use); `progress` hears what its commands say while they run. */
  async open (name: string, progress?: (line: string) => void): Promise<DivvyContext> {
    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: this.devnet.rpcUrl }, {}), home: this.home(name), progress })
    this.contexts.push(ctx)
    return ctx
  }

  async close (ctx: DivvyContext): Promise<void> {
    this.contexts.splice(this.contexts.indexOf(ctx), 1)
    await ctx.close()
  }

  /** Funds a wallet of a home with devnet coins (mined, then sent, confirmed). */
  async fund (ctx: DivvyContext, wallet: string, satoshis: bigint): Promise<void> {
    await fund(ctx, wallet, satoshis, true)
  }

  /** Gives the attacker a confirmed coin of `satoshis`, paid from a bank home. */
  async fundAttacker (bank: DivvyContext, attacker: Attacker, satoshis: number): Promise<void> {
    await fund(bank, 'bank', BigInt(satoshis) + 1_000_000n, true)
    const tx = await sendOutputs(bank, 'bank', [{ script: attacker.p2pkh, satoshis: BigInt(satoshis) }])
    await bank.mine(1)
    attacker.receive(tx.id, 0, satoshis)
  }

  /** Mines blocks to nobody's key. */
  async mine (blocks = 1): Promise<void> {
    await this.rpc.generateToAddress(blocks, bsv.PrivateKey.fromRandom('testnet').toAddress().toString())
  }

  /** Satoshis of an output, or null once it is spent (the mempool counts). */
  async valueOf (txid: string, vout: number): Promise<number | null> {
    const out = await this.rpc.getTxOut(txid, vout, true)
    return out === null ? null : Math.round(out.value * 1e8)
  }

  /** The fee a transaction paid: what its inputs spent, less its outputs. */
  async feeOf (tx: bsv.Transaction): Promise<number> {
    let spent = 0
    for (const i of tx.inputs) spent += new bsv.Transaction(await this.rpc.getRawTransactionHex(i.prevTxId.toString('hex'))).outputs[i.outputIndex].satoshis
    return spent - tx.outputs.reduce((s, o) => s + o.satoshis, 0)
  }

  /**
   * The scene of an attack test: a devnet with an issuer's home (its default wallet funded with
   * `issuerSats`) and an attacker whose own wallet holds `attackerSats`.
   */
  static async withAttacker (issuerSats: bigint, attackerSats: number): Promise<{ h: DevnetHomes, issuer: DivvyContext, attacker: Attacker }> {
    const h = await DevnetHomes.start()
    const issuer = await h.open('issuer')
    await h.fund(issuer, 'default', issuerSats)
    const attacker = new Attacker(h.rpc)
    await h.fundAttacker(issuer, attacker, attackerSats)
    return { h, issuer, attacker }
  }

  async stop (): Promise<void> {
    for (const ctx of this.contexts.splice(0)) await ctx.close()
    await this.node.close()
    rmSync(this.dir, { recursive: true, force: true })
  }
}
