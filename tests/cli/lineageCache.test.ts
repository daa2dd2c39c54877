import { expect } from 'chai'
import { appendFileSync, readFileSync, writeFileSync } from 'fs'
import { join } from 'path'
import { loadArtifacts } from '../../contracts/offchain/artifacts'
import { issue, type IssuedToken } from '../../scripts/cli/commands/issue'
import { pay } from '../../scripts/cli/commands/pay'
import type { DivvyContext } from '../../scripts/cli/DivvyContext'
import { locateDividend } from '../../scripts/cli/DividendLocator'
import { tokenOf } from '../../scripts/cli/TokenAdoption'
import { DevnetHomes } from '../support/devnetHomes'

/**
 * A home keeps the raw transactions of the lineages it read, so that its next command fetches
 * only what is new; what it kept is checked again and never trusted beyond its bytes.
 */
describe('a home reads a contract\'s lineage once: later commands fetch only what is new', function () {
  this.timeout(300_000)
  let h: DevnetHomes
  let issuer: DivvyContext
  let token: IssuedToken

  before(async () => {
    loadArtifacts()
    h = await DevnetHomes.start()
    issuer = await h.open('issuer')
    await h.fund(issuer, 'default', 100_000_000n)
    token = await issue(issuer, 'Kept', 'default', true)
    for (let i = 0; i < 3; i++) await pay(issuer, token.tokenId, 'default', 10_000n, true)
  })
  after(async () => { await h?.stop() })

  /** Where a fresh process of home `name` finds the contract, and the raw transactions it fetched for it. */
  async function readIn (name: string): Promise<{ tip: string, length: number, fetched: string[] }> {
    const ctx = await h.open(name)
    try {
      await ctx.sync()
      const followed = await tokenOf(ctx, token.tokenId)
      const original = ctx.provider.getTransaction.bind(ctx.provider)
      const fetched: string[] = []
      ctx.provider.getTransaction = async txid => { fetched.push(txid); return await original(txid) }
      const at = await locateDividend(ctx, followed)
      return { tip: `${at.txid}_${at.vout}`, length: at.lineage.length, fetched }
    } finally {
      await h.close(ctx)
    }
  }
  const issuerTip = async (): Promise<string> => { await issuer.sync(); const at = await locateDividend(issuer, token); return `${at.txid}_${at.vout}` }
  const file = (name: string): string => join(h.home(name), 'lineages', `${token.origin!}.jsonl`)

  it('fetches every step the first time, then only the new ones (and the origin, to know the code)', async () => {
    const first = await readIn('reader')
    expect(first.length).to.equal(4)
    expect(first.tip).to.equal(await issuerTip())
    expect(new Set(first.fetched).size).to.equal(4)
    const again = await readIn('reader')
    expect(again.tip).to.equal(first.tip)
    expect(again.fetched).to.deep.equal([token.origin!.split('_')[0]])
    const paid = await pay(issuer, token.tokenId, 'default', 10_000n, true)
    const later = await readIn('reader')
    expect([later.length, later.tip]).to.deep.equal([5, `${paid.txid}_0`])
    expect(later.fetched.filter(t => t !== token.origin!.split('_')[0])).to.deep.equal([paid.txid])
  })

  it('stops at a line cut by a kill or whose bytes are not its txid, fetches the rest and rewrites the file', async () => {
    await readIn('damaged')
    const lines = readFileSync(file('damaged'), 'utf8').split('\n').filter(l => l !== '')
    const second = JSON.parse(lines[1]) as { txid: string, hex: string }
    // The second transaction's bytes altered (a byte of its lock time): they no longer hash to its txid.
    const altered = { ...second, hex: second.hex.slice(0, -2) + (second.hex.endsWith('00') ? '01' : '00') }
    writeFileSync(file('damaged'), [lines[0], JSON.stringify(altered), ...lines.slice(2)].join('\n') + '\n')
    const read = await readIn('damaged')
    expect(read.tip).to.equal(await issuerTip())
    expect(read.fetched).to.include(second.txid)
    expect(read.fetched.length).to.equal(lines.length)
    expect(readFileSync(file('damaged'), 'utf8').split('\n').filter(l => l !== '')).to.deep.equal(lines)
    // A line cut short at the end: the whole lines before it serve, the file is made whole again.
    appendFileSync(file('damaged'), lines[1].slice(0, 40))
    const cut = await readIn('damaged')
    expect(cut.tip).to.equal(await issuerTip())
    expect(cut.fetched).to.deep.equal([token.origin!.split('_')[0]])
    expect(readFileSync(file('damaged'), 'utf8').split('\n').filter(l => l !== '')).to.deep.equal(lines)
  })

  it('a kept transaction that is not a step of the lineage is never followed: the indexer\'s history names the steps, each checked', async () => {
    await readIn('swapped')
    const lines = readFileSync(file('swapped'), 'utf8').split('\n').filter(l => l !== '')
    // Another real transaction of the chain (the issuer's funding), kept in place of a step.
    const other = await issuer.provider.getTransaction((await issuer.provider.getTransaction(token.origin!.split('_')[0])).inputs[0].prevTxId.toString('hex'))
    writeFileSync(file('swapped'), [lines[0], JSON.stringify({ txid: other.id, hex: other.toString() }), ...lines.slice(2)].join('\n') + '\n')
    const read = await readIn('swapped')
    expect(read.tip).to.equal(await issuerTip())
    expect(read.fetched).to.include(JSON.parse(lines[1]).txid)
  })
})
