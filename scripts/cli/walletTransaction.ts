import { bsv } from 'scrypt-ts'
import type { DivvyContext } from './DivvyContext'

/**
 * Builds, signs and broadcasts a plain transaction from a wallet key: the given outputs,
 * paid for by the key's P2PKH coins (largest first), change back to the key.
 */
export async function sendOutputs (ctx: DivvyContext, keyName: string, outputs: Array<{ script: bsv.Script, satoshis: bigint }>): Promise<bsv.Transaction> {
  const key = ctx.key(keyName)
  const address = key.toAddress()
  const feePerKb = await ctx.provider.getFeePerKb()
  const needed = outputs.reduce((s, o) => s + o.satoshis, 0n) + BigInt(Math.ceil(feePerKb * (200 + outputs.reduce((s, o) => s + o.script.toBuffer().length, 0)) / 1000)) + 1000n
  const utxos = (await ctx.provider.listUnspent(address)).sort((a, b) => b.satoshis - a.satoshis)
  const chosen = []
  let total = 0n
  for (const u of utxos) {
    if (total >= needed) break
    chosen.push(u)
    total += BigInt(u.satoshis)
  }
  if (total < needed) throw new Error(`wallet '${keyName}' (${address.toString()}) has ${total} satoshis, needs about ${needed}: run 'divvy fund --wallet ${keyName}' (devnet/regtest) or send it coins`)
  const tx = new bsv.Transaction().from(chosen)
  for (const o of outputs) {
    if (o.satoshis > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`output of ${o.satoshis} satoshis is too large`)
    tx.addOutput(new bsv.Transaction.Output({ script: o.script, satoshis: Number(o.satoshis) }))
  }
  tx.change(address).feePerKb(feePerKb).sign(key)
  await ctx.provider.sendTransaction(tx)
  return tx
}
