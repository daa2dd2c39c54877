import { createHash } from 'crypto'
import { num2bin } from './snapshot'

/** Key slots of an operator set (the contract's Dividend.MAX_KEYS). */
export const MAX_OPERATOR_KEYS = 5
const KEY_BYTES = 33
/** The encoded set: MAX_OPERATOR_KEYS key slots, m1, m2, approvalThreshold. */
export const OPERATOR_SET_BYTES = MAX_OPERATOR_KEYS * KEY_BYTES + 1 + 1 + 8

/**
 * The operators of a dividend contract: up to MAX_OPERATOR_KEYS compressed public keys,
 * thresholds m1 <= m2, and the pool (satoshis) from which a round needs m2 approvals instead
 * of m1. The contract keeps only the sha256 of its encoding.
 */
export interface OperatorSet {
  /** Compressed public keys, hex, in slot order (see `encodeOperatorSet`). */
  keys: string[]
  m1: number
  m2: number
  approvalThreshold: bigint
}

/** The default set: one key, m1 = m2 = 1, no approval threshold. */
export function singleKeySet (key: string): OperatorSet {
  return normalizeOperatorSet({ keys: [key], m1: 1, m2: 1, approvalThreshold: 0n })
}

/** A key as the unsigned little-endian number the contract orders slots by. */
function keyNumber (key: string): bigint {
  return BigInt('0x' + (Buffer.from(key, 'hex').reverse().toString('hex') || '0'))
}

/**
 * The set with its keys in the contract's slot order (descending as unsigned numbers),
 * checked: 1 to MAX_OPERATOR_KEYS distinct compressed keys, 1 <= m1 <= m2 <= keys, and a
 * threshold in 0..2^63-1.
 */
export function normalizeOperatorSet (set: OperatorSet): OperatorSet {
  const keys = set.keys.map(k => k.toLowerCase())
  if (keys.length < 1 || keys.length > MAX_OPERATOR_KEYS) throw new Error(`an operator set has 1 to ${MAX_OPERATOR_KEYS} keys, got ${keys.length}`)
  for (const k of keys) {
    if (!/^0[23][0-9a-f]{64}$/.test(k)) throw new Error(`'${k}' is not a compressed public key (33 bytes, hex)`)
  }
  if (new Set(keys).size !== keys.length) throw new Error('the keys of an operator set must be distinct')
  if (!Number.isInteger(set.m1) || !Number.isInteger(set.m2) || set.m1 < 1 || set.m1 > set.m2 || set.m2 > keys.length) {
    throw new Error(`thresholds must be 1 <= m1 <= m2 <= ${keys.length} (the number of keys), got m1 = ${set.m1}, m2 = ${set.m2}`)
  }
  if (set.approvalThreshold < 0n || set.approvalThreshold >= 2n ** 63n) throw new Error(`the approval threshold must be 0 to 2^63-1 satoshis, got ${set.approvalThreshold}`)
  const sorted = [...keys].sort((a, b) => { const x = keyNumber(a); const y = keyNumber(b); return x === y ? 0 : x > y ? -1 : 1 })
  return { keys: sorted, m1: set.m1, m2: set.m2, approvalThreshold: set.approvalThreshold }
}

/** The 175 bytes the contract hashes and the operators' calls pass: key slots (unused ones zero), m1, m2, approvalThreshold. */
export function encodeOperatorSet (set: OperatorSet): Buffer {
  const s = normalizeOperatorSet(set)
  const slots = Array.from({ length: MAX_OPERATOR_KEYS }, (_, i) => s.keys[i] !== undefined ? Buffer.from(s.keys[i], 'hex') : Buffer.alloc(KEY_BYTES))
  return Buffer.concat([...slots, num2bin(BigInt(s.m1), 1), num2bin(BigInt(s.m2), 1), num2bin(s.approvalThreshold, 8)])
}

/** Reads an encoded set back; throws when the bytes are not one the contract would accept. */
export function decodeOperatorSet (bytes: Buffer): OperatorSet {
  if (bytes.length !== OPERATOR_SET_BYTES) throw new Error(`an operator set is ${OPERATOR_SET_BYTES} bytes, got ${bytes.length}`)
  const keys: string[] = []
  for (let i = 0; i < MAX_OPERATOR_KEYS; i++) {
    const slot = bytes.subarray(i * KEY_BYTES, (i + 1) * KEY_BYTES)
    if (slot.every(b => b === 0)) continue
    keys.push(slot.toString('hex'))
  }
  const config = bytes.subarray(MAX_OPERATOR_KEYS * KEY_BYTES)
  const set: OperatorSet = { keys, m1: config[0], m2: config[1], approvalThreshold: config.readBigUInt64LE(2) }
  if (!encodeOperatorSet(set).equals(bytes)) throw new Error('the operator set bytes are not in the contract\'s form (slot order, zero slots last, thresholds)')
  return normalizeOperatorSet(set)
}

/** sha256 of the encoded set, hex: what the contract's state holds. */
export function operatorSetHash (set: OperatorSet): string {
  return createHash('sha256').update(encodeOperatorSet(set)).digest('hex')
}

/** The slot of `key` in the set, or -1. */
export function slotOf (set: OperatorSet, key: string): number {
  return normalizeOperatorSet(set).keys.indexOf(key.toLowerCase())
}
