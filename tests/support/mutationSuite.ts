import { expect } from 'chai'
import { bsv } from 'scrypt-ts'
import { setSatoshis } from './contractCall'
import type { CraftedCall } from './craftedCall'

/** How a valid call is rebuilt after a mutation: the same method and arguments over the changed transaction. */
export interface ValidCall {
  name: string
  build: () => { call: CraftedCall, relock: (call: CraftedCall, args?: unknown[]) => void, args: unknown[] }
}

/** A change to a call: to its transaction in place, or to its arguments (the new ones answered). */
export type Mutation = (call: CraftedCall, args: unknown[]) => unknown[] | void

/**
 * Mutations a correct contract accepts once re-signed: sequence and lock time are the
 * spender's business, not a rule of the contract.
 */
export const SPENDERS_CHOICE = ['the contract input\'s sequence changed', 'the transaction\'s lock time changed']

const outputs = (call: CraftedCall): bsv.Transaction.Output[] => call.tx.outputs

/** What an attacker can do to any call's outputs: each value one satoshi off, each script a byte off, neighbours swapped. */
export function outputMutations (outputCount: number): Array<[string, Mutation]> {
  const m: Array<[string, Mutation]> = []
  for (let i = 0; i < outputCount; i++) {
    m.push([`output ${i} value + 1`, c => { setSatoshis(outputs(c)[i], outputs(c)[i].satoshis + 1) }])
    m.push([`output ${i} value - 1`, c => { setSatoshis(outputs(c)[i], outputs(c)[i].satoshis - 1) }])
    m.push([`output ${i} script, last byte flipped`, c => {
      const b = Buffer.from(outputs(c)[i].script.toBuffer()); b[b.length - 1] ^= 1
      outputs(c)[i].setScript(bsv.Script.fromBuffer(b))
    }])
    m.push([`output ${i} script, a byte inside flipped`, c => {
      const b = Buffer.from(outputs(c)[i].script.toBuffer()); b[Math.floor(b.length / 2)] ^= 0x40
      outputs(c)[i].setScript(bsv.Script.fromBuffer(b))
    }])
  }
  for (let i = 0; i + 1 < outputCount; i++) {
    m.push([`outputs ${i} and ${i + 1} swapped`, c => { const o = outputs(c); [o[i], o[i + 1]] = [o[i + 1], o[i]] }])
  }
  return m
}

/** What an attacker can do to a payout batch's outputs: pay someone else too, or pay one holder fewer. */
export function payoutMutations (): Array<[string, Mutation]> {
  return [
    ['an extra output to someone else', c => { c.output(bsv.Script.buildPublicKeyHashOut(bsv.PrivateKey.fromRandom('testnet').toAddress()), 1) }],
    ['the last payout removed', c => { c.tx.outputs.pop() }]
  ]
}

/** The spender's own choices, which the contract must leave alone (`SPENDERS_CHOICE`). */
function spendersChoices (): Array<[string, Mutation]> {
  return [
    [SPENDERS_CHOICE[0], c => { c.tx.inputs[0].sequenceNumber = 5 }],
    [SPENDERS_CHOICE[1], c => { c.tx.nLockTime = 1234 }]
  ]
}

/**
 * For each valid call: it passes; every mutation, re-signed honestly for its own transaction
 * (so that only the contract's own rules can refuse it), is refused by the contract's locking
 * script except the spender's choices; and every mutation of the transaction made after signing (a stale preimage) is
 * refused. The mutations of a call are `outputMutations`, then `methodMutations` (the call's
 * arguments, its outputs' meaning), then the spender's choices.
 */
export function mutationSuite (valid: readonly ValidCall[], methodMutations: (name: string) => Array<[string, Mutation]>): void {
  const mutationsFor = (name: string, outputCount: number): Array<[string, Mutation]> =>
    [...outputMutations(outputCount), ...methodMutations(name), ...spendersChoices()]
  for (const v of valid) {
    describe(v.name, () => {
      it('the valid transaction passes', () => {
        expect(v.build().call.run()).to.equal(null)
      })

      it('every mutation, re-signed for its own transaction, is rejected by the script', () => {
        const { call: sample } = v.build()
        const accepted: string[] = []
        const refusedOutsideTheContract: string[] = []
        for (const [what, mutate] of mutationsFor(v.name, sample.tx.outputs.length)) {
          const { call, relock, args } = v.build()
          const newArgs = mutate(call, args)
          relock(call, newArgs ?? args)
          const failure = call.run()
          if (failure === null) accepted.push(what)
          else if (failure.script === 'unlocking') refusedOutsideTheContract.push(`${what}: ${failure.opcode} ${failure.reason}`)
        }
        expect(accepted, 'mutants the script accepted').to.deep.equal(SPENDERS_CHOICE)
        // Each refusal is the contract's: its locking script stopped it, not a malformed unlocking script.
        expect(refusedOutsideTheContract).to.deep.equal([])
      })

      it('every mutation applied after signing (a stale preimage) is rejected', () => {
        const accepted: string[] = []
        const { call: sample } = v.build()
        for (const [what, mutate] of mutationsFor(v.name, sample.tx.outputs.length)) {
          const { call, args } = v.build()
          if (mutate(call, args) !== undefined) continue // argument mutations are covered above
          if (call.run() === null) accepted.push(what)
        }
        expect(accepted).to.deep.equal([])
      })
    })
  }
}
