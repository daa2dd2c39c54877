import { parseEnvelope } from '../inscription/Envelope'
import { parseBsv21, type Bsv21Inscription } from './Bsv21Inscription'

/** Tokens an input brings into a transaction (from the output it spends). */
export interface TokenAmount {
  id: string
  amt: bigint
}

export interface TxOutputBytes {
  satoshis: bigint
  script: Buffer
}

/** A token output created by a transaction. */
export interface TokenOutput {
  vout: number
  id: string
  amt: bigint
  op: 'deploy+mint' | 'transfer'
  /** The locking script without the inscription envelope (decides the owner). */
  lock: Buffer
}

export interface TokenDeploy {
  id: string
  vout: number
  supply: bigint
  dec: number
  sym: string | undefined
  icon: string | undefined
}

/** What a transaction did to one token. */
export interface TokenMovement {
  id: string
  /** Tokens its inputs carried. */
  in: bigint
  /** Tokens its valid transfer outputs carry on. */
  out: bigint
  /** Tokens destroyed: burn outputs, leftovers, or every input token when the transfers are invalid. */
  burned: bigint
  /** False when the transfers and burns asked for more than the inputs carried. */
  valid: boolean
}

export interface RejectedInscription {
  vout: number
  id?: string
  reason: string
}

export interface Bsv21Effects {
  outputs: TokenOutput[]
  deploys: TokenDeploy[]
  movements: TokenMovement[]
  rejected: RejectedInscription[]
}

interface Claim { vout: number, ins: Bsv21Inscription, lock: Buffer }

/**
 * Applies the BSV-21 rules to one transaction:
 * - only outputs of exactly 1 satoshi carry tokens;
 * - `deploy+mint` on output v creates token `<txid>_<v>` holding its whole supply;
 * - per token, if the transfers and burns exceed what the inputs carry, all of them are
 *   invalid and every input token is burned; otherwise transfers carry their amounts, burn
 *   outputs destroy theirs, and whatever the inputs carried beyond that is burned.
 * Pure: the caller supplies the tokens of the spent outputs.
 */
export function applyBsv21 (txid: string, inputs: Array<TokenAmount | undefined>, outputs: TxOutputBytes[]): Bsv21Effects {
  const effects: Bsv21Effects = { outputs: [], deploys: [], movements: [], rejected: [] }
  const claims = new Map<string, Claim[]>()
  outputs.forEach((output, vout) => {
    const envelope = parseEnvelope(output.script)
    if (envelope === undefined) return
    const parsed = parseBsv21(envelope.contentType, envelope.content)
    if (parsed === undefined) return
    if (!parsed.ok) { effects.rejected.push({ vout, reason: parsed.reason }); return }
    const ins = parsed.value
    const id = ins.op === 'deploy+mint' ? `${txid}_${vout}` : ins.id
    if (output.satoshis !== 1n) { effects.rejected.push({ vout, id, reason: `output holds ${output.satoshis} satoshis, tokens ride on 1-satoshi outputs only` }); return }
    const lock = envelope.prefix.length === 0 ? envelope.suffix : Buffer.concat([envelope.prefix, envelope.suffix])
    if (ins.op === 'deploy+mint') {
      effects.deploys.push({ id, vout, supply: ins.amt, dec: ins.dec, sym: ins.sym, icon: ins.icon })
      effects.outputs.push({ vout, id, amt: ins.amt, op: 'deploy+mint', lock })
      return
    }
    const list = claims.get(id) ?? []
    list.push({ vout, ins, lock })
    claims.set(id, list)
  })

  const carried = new Map<string, bigint>()
  for (const input of inputs) {
    if (input !== undefined) carried.set(input.id, (carried.get(input.id) ?? 0n) + input.amt)
  }
  const ids = new Set<string>([...carried.keys(), ...claims.keys()])
  for (const id of ids) {
    const tokensIn = carried.get(id) ?? 0n
    const list = claims.get(id) ?? []
    const asked = list.reduce((sum, c) => sum + c.ins.amt, 0n)
    if (asked > tokensIn) {
      for (const c of list) effects.rejected.push({ vout: c.vout, id, reason: tokensIn === 0n ? 'no input carries this token' : `transfers and burns of ${asked} exceed the ${tokensIn} the inputs carry` })
      effects.movements.push({ id, in: tokensIn, out: 0n, burned: tokensIn, valid: false })
      continue
    }
    let out = 0n
    for (const c of list) {
      if (c.ins.op !== 'transfer') continue
      out += c.ins.amt
      effects.outputs.push({ vout: c.vout, id, amt: c.ins.amt, op: 'transfer', lock: c.lock })
    }
    effects.movements.push({ id, in: tokensIn, out, burned: tokensIn - out, valid: true })
  }
  effects.outputs.sort((a, b) => a.vout - b.vout)
  return effects
}
