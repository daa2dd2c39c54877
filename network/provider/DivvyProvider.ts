import { bsv, filterUTXO, Provider, TransactionResponse, TxHash, UTXO, UtxoQueryOptions } from 'scrypt-ts'
import type { RequestPacer } from '../http/RequestPacer'
import { RpcClient } from '../rpc/RpcClient'
import { ArcBroadcaster } from '../arc/ArcBroadcaster'
import { WhatsOnChainReader } from '../woc/WhatsOnChainReader'
import { NetworkName, NetworkSettings } from '../networks'
import type { ChainTip, TxStatus } from '../woc/WocTypes'
import { ChainBackend, Prevout } from './ChainBackend'
import { IndexerClient } from './IndexerClient'
import { NodeBackend } from './NodeBackend'
import { PublicBackend } from './PublicBackend'

/** How a DivvyProvider pays and waits: a fixed fee rate instead of the network's, and the timeout of each request. */
export interface DivvyProviderOptions {
  /** Overrides the fee rate read from the node or from ARC's policy (satoshis per kB). */
  feePerKb?: number
  timeoutMs?: number
  /**
   * The pacer of the home's other clients of the same WhatsOnChain (the public-network
   * index): its rate limit is the caller's, not each client's, and its 429s are waited out.
   */
  wocPacer?: RequestPacer
}

/**
 * When a broadcast is refused because the transaction's chain of unconfirmed ancestors is
 * as long as the node takes (too-long-mempool-chain), wait for the network to mine a
 * block and send it again, telling `progress`. (Off, the refusal is thrown.)
 */
export interface ChainWait {
  progress: (line: string) => void
  /** How often the tip is looked at (default 2 s). */
  pollMs?: number
}

/** How long a chain of unconfirmed transactions may grow is the node's policy: this names its refusal. */
const CHAIN_TOO_LONG = /too-long-mempool-chain/

/**
 * The scrypt-ts Provider for every Divvy network, so that `contract.connect(signer)`,
 * `deploy()` and `methods.x()` work as in any scrypt-ts project.
 *
 * scrypt-ts knows only mainnet and testnet: devnet and regtest use testnet addresses, so
 * this provider reports `bsv.Networks.testnet` for them.
 */
export class DivvyProvider extends Provider {
  /** The Divvy network it talks to (scrypt-ts sees devnet and regtest as testnet). */
  readonly networkName: NetworkName
  private readonly backend: ChainBackend
  private network: bsv.Networks.Network
  private connected = false
  private feeRate: number | undefined
  /** Spent outputs of transactions on their way through sendTransaction, by txid. */
  private readonly pendingPrevouts = new Map<string, Prevout[]>()
  /** Told each transaction the network accepted, its txid and raw hex (a command keeps them to see them confirmed). */
  onBroadcast: ((txid: string, rawHex: string) => void) | undefined
  /** Set to wait for blocks instead of failing when an unconfirmed chain is too long. */
  chainWait: ChainWait | undefined

  /** A provider over a chain backend; `forNetwork` makes one from a network's settings. */
  constructor (networkName: NetworkName, backend: ChainBackend) {
    super()
    this.networkName = networkName
    this.backend = backend
    this.network = networkName === 'mainnet' ? bsv.Networks.mainnet : bsv.Networks.testnet
  }

  /** The provider for a network's settings (see network/networks.ts). */
  static forNetwork (settings: NetworkSettings, options: DivvyProviderOptions = {}): DivvyProvider {
    const { name } = settings
    if (settings.kind === 'node') {
      if (settings.rpcUrl === undefined || settings.indexerUrl === undefined) throw new Error(`${name}: needs an RPC URL and an indexer URL`)
      const rpc = new RpcClient({ url: settings.rpcUrl, network: name, timeoutMs: options.timeoutMs })
      const indexer = new IndexerClient({ network: name, url: settings.indexerUrl, timeoutMs: options.timeoutMs })
      return new DivvyProvider(name, new NodeBackend({ rpc, indexer, feePerKb: options.feePerKb }))
    }
    if (settings.arcUrl === undefined || settings.wocUrl === undefined) throw new Error(`${name}: needs an ARC URL and a WhatsOnChain URL`)
    // ARC answers once the network has seen the transaction (or its wait runs out; then its status is followed).
    const arc = new ArcBroadcaster({ network: name, url: settings.arcUrl, apiKey: settings.arcApiKey, timeoutMs: options.timeoutMs, waitFor: 'SEEN_ON_NETWORK' })
    const woc = new WhatsOnChainReader({ network: name, url: settings.wocUrl, apiKey: settings.wocApiKey, timeoutMs: options.timeoutMs, pacer: options.wocPacer })
    return new DivvyProvider(name, new PublicBackend({ arc, woc, feePerKb: options.feePerKb }))
  }

  /** Whether `connect` has succeeded. */
  isConnected (): boolean {
    return this.connected
  }

  /** Checks the services answer and reads the fee rate; throws the services' one-line error otherwise. */
  async connect (): Promise<this> {
    try {
      await this.backend.check()
      this.feeRate = await this.backend.feePerKb()
      this.connected = true
    } catch (e) {
      this.connected = false
      this.emit('connected', false)
      throw e
    }
    this.emit('connected', true)
    return this
  }

  /** Signers align the provider to their keys' network: only the same address format is accepted. */
  updateNetwork (network: bsv.Networks.Network): void {
    const mainnet = network.name === bsv.Networks.mainnet.name || network.name === 'livenet'
    if (mainnet !== (this.networkName === 'mainnet')) {
      throw new Error(`${this.networkName}: uses ${this.networkName === 'mainnet' ? 'mainnet' : 'testnet'} addresses, but the signer's keys are for ${network.name}`)
    }
    this.network = mainnet ? bsv.Networks.mainnet : bsv.Networks.testnet
    this.emit('networkChange', this.network)
  }

  /** The scrypt-ts network of its addresses: mainnet, or testnet for every other network. */
  getNetwork (): bsv.Networks.Network {
    return this.network
  }

  /** Satoshis per 1000 bytes: the node's mining fee, ARC's policy, or the rate it was given. */
  async getFeePerKb (): Promise<number> {
    await this._ready()
    return this.feeRate as number
  }

  /**
   * Sends a signed transaction, keeping its spent outputs so that ARC can be sent the extended
   * format. scrypt-ts's own check is replaced: it compares the fee with a floating-point
   * estimate (size / 1000 * rate, which rounds up a satoshi above the exact fee now and then)
   * and refuses more than three times it, while a call that pays for its unconfirmed parents
   * (child pays for parent) pays more on purpose. Here the fee must be at least the rate over
   * the signed size, in whole numbers; the node judges the rest.
   */
  async sendTransaction (tx: bsv.Transaction): Promise<TxHash> {
    const prevouts = tx.inputs.map(input => input.output)
    const id = tx.id
    if (prevouts.every(o => o !== undefined)) {
      this.pendingPrevouts.set(id, prevouts.map(o => ({ satoshis: (o as bsv.Transaction.Output).satoshis, script: (o as bsv.Transaction.Output).script.toHex() })))
    }
    try {
      const hex = tx.serialize({ disableIsFullySigned: true } as any)
      if (prevouts.every(o => o !== undefined)) {
        const fee = prevouts.reduce((s, o) => s + (o as bsv.Transaction.Output).satoshis, 0) - tx.outputs.reduce((s, o) => s + o.satoshis, 0)
        const least = Math.ceil(hex.length / 2 * await this.getFeePerKb() / 1000)
        if (fee < least) throw new Error(`${this.networkName}: transaction ${id} pays ${fee} satoshis, less than the fee rate asks for its ${hex.length / 2} bytes (${least})`)
      }
      return await this.sendRawTransaction(hex)
    } finally {
      this.pendingPrevouts.delete(id)
    }
  }

  /**
   * Broadcasts a transaction whose spent outputs the caller knows (one built by another
   * library, such as js-1sat-ord), so that ARC gets the extended format.
   */
  async sendRawTransactionWithPrevouts (rawTxHex: string, prevouts: Prevout[]): Promise<TxHash> {
    const txid = new bsv.Transaction(rawTxHex).id
    this.pendingPrevouts.set(txid, prevouts)
    try {
      return await this.sendRawTransaction(rawTxHex)
    } finally {
      this.pendingPrevouts.delete(txid)
    }
  }

  /**
   * Broadcasts; a rejection throws the node's (or ARC's) code and reason in one line and is
   * never retried, except a chain of unconfirmed ancestors the node finds too long, which
   * waits for a block when `chainWait` is set (the same transaction stays valid).
   */
  async sendRawTransaction (rawTxHex: string): Promise<TxHash> {
    await this._ready()
    const txid = new bsv.Transaction(rawTxHex).id
    for (;;) {
      try {
        const sent = await this.backend.broadcast(rawTxHex, this.pendingPrevouts.get(txid))
        this.onBroadcast?.(sent, rawTxHex)
        return sent
      } catch (e) {
        if (this.chainWait === undefined || !CHAIN_TOO_LONG.test((e as Error).message)) throw e
        await this.waitForBlock(this.chainWait, txid)
      }
    }
  }

  private async waitForBlock (wait: ChainWait, txid: string): Promise<void> {
    const start = (await this.backend.tip()).height
    wait.progress(`${this.networkName}: ${txid} waits for a block: its unconfirmed ancestors are as many as the node takes (tip ${start})`)
    let last = Date.now()
    for (;;) {
      await new Promise(resolve => setTimeout(resolve, wait.pollMs ?? 2000))
      const height = (await this.backend.tip()).height
      if (height > start) return
      if (Date.now() - last >= 60_000) {
        last = Date.now()
        wait.progress(`${this.networkName}: still waiting for a block above ${start} (Ctrl-C is safe: running the command again carries on)`)
      }
    }
  }

  /** Whether nothing spends the output yet, not even an unconfirmed transaction. */
  async isUnspent (txid: string, vout: number): Promise<boolean> {
    await this._ready()
    return await this.backend.isUnspent(txid, vout)
  }

  /**
   * Who spent the output, confirmed or not: its txid and input; null while unspent;
   * undefined where the network cannot tell (devnet and regtest keep no spent index).
   */
  async spenderOf (txid: string, vout: number): Promise<{ txid: string, vin: number } | null | undefined> {
    await this._ready()
    return await this.backend.spender?.(txid, vout)
  }

  /** Whether a transaction is mined, waits in a mempool, or is unknown to the network. */
  async txStatus (txid: string): Promise<TxStatus> {
    await this._ready()
    return await this.backend.txStatus(txid)
  }

  /** The network's tip: its height and hash. */
  async chainTip (): Promise<ChainTip> {
    await this._ready()
    return await this.backend.tip()
  }

  /** A transaction by its txid, confirmed or in a mempool. */
  async getTransaction (txHash: TxHash): Promise<TransactionResponse> {
    await this._ready()
    return new bsv.Transaction(await this.backend.rawTransaction(txHash))
  }

  /**
   * Plain P2PKH outputs of the address (confirmed and unconfirmed). Outputs with any other
   * script — 1Sat inscriptions, BSV-21 tokens — are never offered to pay fees, and nor are
   * 1-satoshi outputs whose script the service does not tell (WhatsOnChain), since those
   * may carry tokens.
   */
  async listUnspent (address: bsv.Address, options?: UtxoQueryOptions): Promise<UTXO[]> {
    await this._ready()
    const p2pkh = bsv.Script.buildPublicKeyHashOut(address).toHex()
    const utxos: UTXO[] = []
    for (const u of await this.backend.listUnspent(address.toString())) {
      if (u.script !== undefined ? u.script !== p2pkh : u.satoshis <= 1n) continue
      if (u.satoshis > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`${this.networkName}: output ${u.txid}:${u.vout} holds more satoshis than scrypt-ts can count`)
      utxos.push({ txId: u.txid, outputIndex: u.vout, script: p2pkh, satoshis: Number(u.satoshis) })
    }
    return options !== undefined ? filterUTXO(utxos, options) : utxos
  }

  /** The address's plain P2PKH satoshis, confirmed and unconfirmed (token outputs never count). */
  async getBalance (address?: bsv.Address): Promise<{ confirmed: number, unconfirmed: number }> {
    if (address === undefined) throw new Error(`${this.networkName}: getBalance needs an address`)
    await this._ready()
    const p2pkh = bsv.Script.buildPublicKeyHashOut(address).toHex()
    let confirmed = 0n
    let unconfirmed = 0n
    for (const u of await this.backend.listUnspent(address.toString())) {
      if (u.script !== undefined && u.script !== p2pkh) continue
      if (u.height === null) unconfirmed += u.satoshis
      else confirmed += u.satoshis
    }
    return { confirmed: Number(confirmed), unconfirmed: Number(unconfirmed) }
  }
}
