import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { regtestCheckpoint } from '../../network/chain/Checkpoint'
import { Regtest } from '../../network/devnet/ChainParams'
import { fundKey } from '../../network/devnet/fundedKey'
import { RequestPacer } from '../../network/http/RequestPacer'
import { OneSatApi } from '../../network/ordinals/OneSatApi'
import { WhatsOnChainFeed } from '../../network/woc/WhatsOnChainFeed'
import { IndexedPublic } from '../../indexer/IndexedPublic'
import { PublicStandIns } from '../../scripts/standins/PublicStandIns'
import { loadOneSatOrd } from './js1satOrd'
import { IndexedDevnet, tokenUtxo } from './indexedDevnet'

export { tokenState } from '../../scripts/bench/publicIndex/TokenState'

/** Headers per numbered header file of the WhatsOnChain stand-in, in these tests. */
export const PUBLIC_CHAIN_HEADER_FILE = 40

/**
 * A devnet with its node-fed index, the public-service stand-ins answering from its chain,
 * and a token with some history: a deploy+mint, transfers, a listing and its purchase, in
 * several blocks (two transactions share one).
 */
export class PublicChain {
  readonly dirs: string[] = []
  stand!: PublicStandIns
  tokenId = ''
  keys: Record<string, any> = {}
  ord: any
  sdk: any

  private constructor (readonly net: IndexedDevnet) {}

  /**
   * `headerFileSize`: headers per numbered WhatsOnChain header file; small, so that a chain of a
   * hundred blocks spans several files and the `latest` one.
   */
  static async start (wocPerSecond = 1000, headerFileSize = PUBLIC_CHAIN_HEADER_FILE): Promise<PublicChain> {
    const chain = new PublicChain(await IndexedDevnet.start())
    chain.stand = await PublicStandIns.start({ rpc: chain.net.rpc, network: 'testnet', holdersIndexUrl: chain.net.node.url, syncHolders: async () => await chain.net.follower.sync(), wocPerSecond, wocHeaderFileSize: headerFileSize })
    const { ord, sdk } = await loadOneSatOrd()
    chain.ord = ord
    chain.sdk = sdk
    for (const name of ['issuer', 'bob', 'carol']) chain.keys[name] = sdk.PrivateKey.fromRandom()
    await fundKey(chain.net.rpc, chain.keys.issuer, 101)
    await chain.net.follower.sync()
    return chain
  }

  address (name: string): string { return this.keys[name].toAddress([0x6f]) }

  async mine (blocks = 1): Promise<void> {
    for (let i = 0; i < blocks; i++) await this.net.mine(this.address('issuer'))
  }

  /** Issues the token and gives it some history; answers the transactions. */
  async history (): Promise<Record<string, any>> {
    const { ord, keys } = this
    const pay = async (name: string): Promise<any[]> => await this.net.payUtxos(this.address(name))
    const deploy = (await ord.deployBsv21Token({ symbol: 'PUB', icon: `${'00'.repeat(32)}_0`, utxos: await pay('issuer'), initialDistribution: { address: this.address('issuer'), tokens: 1_000_000_000 }, paymentPk: keys.issuer, destinationAddress: this.address('issuer') })).tx
    await this.net.broadcast(deploy)
    await this.mine()
    this.tokenId = `${deploy.id('hex')}_0`
    const t1 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: this.tokenId,
      decimals: 0,
      utxos: await pay('issuer'),
      inputTokens: [tokenUtxo(deploy, 0, '1000000000', this.tokenId)],
      distributions: [{ address: this.address('bob'), tokens: 300_000 }, { address: this.address('carol'), tokens: 200_000 }],
      paymentPk: keys.issuer,
      ordPk: keys.issuer,
      tokenChangeAddress: this.address('issuer'),
      additionalPayments: [{ to: this.address('bob'), amount: 1_000_000 }, { to: this.address('carol'), amount: 1_000_000 }]
    })
    await this.net.broadcast(t1.tx)
    await this.mine()
    const list = await ord.createOrdTokenListings({
      protocol: ord.TokenType.BSV21,
      tokenID: this.tokenId,
      decimals: 0,
      utxos: await pay('bob'),
      inputTokens: [tokenUtxo(t1.tx, 0, '300000', this.tokenId)],
      listings: [{ payAddress: this.address('bob'), price: 5000, tokens: 250_000, ordAddress: this.address('bob') }],
      paymentPk: keys.bob,
      ordPk: keys.bob,
      tokenChangeAddress: this.address('bob')
    })
    await this.net.broadcast(list.tx)
    // Carol sends some of hers in the same block.
    const t2 = await ord.transferOrdTokens({
      protocol: ord.TokenType.BSV21,
      tokenID: this.tokenId,
      decimals: 0,
      utxos: await pay('carol'),
      inputTokens: [tokenUtxo(t1.tx, 1, '200000', this.tokenId)],
      distributions: [{ address: this.address('bob'), tokens: 50_000 }],
      paymentPk: keys.carol,
      ordPk: keys.carol,
      tokenChangeAddress: this.address('carol')
    })
    await this.net.broadcast(t2.tx)
    await this.mine()
    const payout = Buffer.concat([Buffer.from('8813000000000000', 'hex'), Buffer.from([25]), Buffer.from(`76a914${Buffer.from(keys.bob.toPublicKey().toHash()).toString('hex')}88ac`, 'hex')]).toString('base64')
    const buy = await ord.purchaseOrdTokenListing({
      protocol: ord.TokenType.BSV21,
      tokenID: this.tokenId,
      utxos: await pay('carol'),
      paymentPk: keys.carol,
      listingUtxo: { ...tokenUtxo(list.tx, 0, '250000', this.tokenId), payout },
      ordAddress: this.address('carol')
    })
    await this.net.broadcast(buy.tx)
    await this.mine()
    return { deploy, t1: t1.tx, list: list.tx, t2: t2.tx, buy: buy.tx }
  }

  /** A public-network index in a fresh folder, fed through the stand-ins. */
  async openPublic (options: { perSecond?: number, crossCheck?: boolean, dir?: string, log?: (line: string) => void } = {}): Promise<{ index: IndexedPublic, pacer: RequestPacer, dir: string }> {
    const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'divvy-public-'))
    if (options.dir === undefined) this.dirs.push(dir)
    const pacer = new RequestPacer({ perSecond: options.perSecond ?? 1000 })
    const source = new WhatsOnChainFeed({ network: 'testnet', url: this.stand.urls.woc, pacer })
    const witness = options.crossCheck === true ? new OneSatApi({ network: 'testnet', url: this.stand.urls.oneSat }) : undefined
    const index = await IndexedPublic.open({ indexDir: dir, network: 'testnet', checkpoint: regtestCheckpoint(Regtest.genesisHash), source, witness, requests: () => pacer.total, log: options.log })
    return { index, pacer, dir }
  }

  async stop (): Promise<void> {
    await this.stand?.stop()
    await this.net.stop()
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true })
  }
}

/**
 * For a mocha suite: a PublicChain with the token's history before its tests (the node-fed
 * index caught up), stopped after them. Answers getters, as the chain exists only once the hook ran.
 */
export function publicChainWithHistory (): { chain: () => PublicChain, txs: () => Record<string, any> } {
  let chain: PublicChain | undefined
  let txs: Record<string, any> = {}
  before(async () => {
    chain = await PublicChain.start()
    txs = await chain.history()
    await chain.net.follower.sync()
  })
  after(async () => { await chain?.stop() })
  return { chain: () => chain as PublicChain, txs: () => txs }
}
