import { expect } from 'chai'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Devnet } from '../../network/devnet/Devnet'
import { resolveNetwork } from '../../network/networks'
import { InputSpentError } from '../../network/provider/InputSpentError'
import { fund } from '../../scripts/cli/commands/fund'
import { issue } from '../../scripts/cli/commands/issue'
import { pay } from '../../scripts/cli/commands/pay'
import { DivvyContext } from '../../scripts/cli/DivvyContext'

describe('a contract output someone else spent first', function () {
  this.timeout(180_000)
  let dir: string
  let devnet: Devnet
  const contexts: DivvyContext[] = []
  const open = async (home: string, progress?: (line: string) => void): Promise<DivvyContext> => {
    const ctx = await DivvyContext.open({ settings: resolveNetwork({ rpc: devnet.rpcUrl }, {}), home, progress })
    contexts.push(ctx)
    return ctx
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'divvy-moved-'))
    devnet = await Devnet.start({ dataDir: join(dir, 'node'), port: 0 })
  })
  after(async () => {
    for (const c of contexts) await c.close()
    await devnet.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('says the contract moved and deposits again on its new output', async () => {
    const issuer = await open(join(dir, 'issuer'))
    await fund(issuer, 'default', 50_000_000n, true)
    await issue(issuer, 'Moves', 'default', true)
    // Another payer's home follows the same token.
    mkdirSync(join(dir, 'other'), { recursive: true })
    copyFileSync(join(dir, 'issuer', 'tokens.json'), join(dir, 'other', 'tokens.json'))
    const other = await open(join(dir, 'other'))
    await fund(other, 'default', 10_000_000n, true)

    // Just as the issuer's deposit goes out, the other payer's deposit is mined first.
    await issuer.close()
    const said: string[] = []
    const racing = await open(join(dir, 'issuer'), line => { said.push(line) })
    const send = racing.provider.sendRawTransaction.bind(racing.provider)
    let theirs: bigint | undefined
    racing.provider.sendRawTransaction = async (hex: string) => {
      theirs ??= (await pay(other, undefined, 'default', 17_000n, true)).balance
      return await send(hex)
    }
    const { balance } = await pay(racing, undefined, 'default', 15_000n, true)
    expect(said.join('\n')).to.match(/the \$MOVES dividend contract moved: someone else spent its output [0-9a-f]{64}_\d+ first \(in a block\); trying again on its new output/)
    // Both deposits are in: nothing was lost, nothing paid twice.
    expect(balance).to.equal((theirs as bigint) + 15_000n)
  })

  it('tells which input was spent first, and where, when the node refuses a transaction for it', async () => {
    const ctx = await open(join(dir, 'spender'))
    await fund(ctx, 'default', 1_000_000n, true)
    const utxo = (await ctx.provider.listUnspent(ctx.key().toAddress()))[0]
    const { bsv } = await import('scrypt-ts')
    const spendTo = (sats: number): string => new bsv.Transaction().from(utxo).to(ctx.key().toAddress(), sats).change(ctx.key().toAddress()).sign(ctx.key()).toString()
    await ctx.provider.sendRawTransaction(spendTo(1000))
    try {
      await ctx.provider.sendRawTransaction(spendTo(2000))
      expect.fail('a double spend was accepted')
    } catch (e) {
      expect(e).to.be.instanceOf(InputSpentError)
      expect((e as InputSpentError).where).to.equal('mempool')
      expect((e as Error).message).to.equal(`devnet: output ${utxo.txId}_${utxo.outputIndex} was spent by another transaction first (it waits in the mempool): 258: txn-mempool-conflict (code -26)`)
    }
  })
})
