import { bsv } from 'scrypt-ts'

/** A 1Sat ordinal inscription: content type and content bytes. */
export interface Inscription {
  contentType: string
  content: Buffer
}

/** The content type BSV-21 inscriptions carry. */
export const BSV20_CONTENT_TYPE = 'application/bsv-20'

/**
 * The 1Sat envelope `OP_0 OP_IF "ord" OP_1 <content type> OP_0 <content> OP_ENDIF`, as
 * js-1sat-ord writes it in front of a locking script (minimal pushes).
 */
export function inscriptionEnvelope (inscription: Inscription): bsv.Script {
  if (inscription.content.length === 0) throw new Error('an inscription needs content')
  if (inscription.contentType === '') throw new Error('an inscription needs a content type')
  const hex = (b: Buffer | string): string => Buffer.from(b).toString('hex')
  return bsv.Script.fromASM(`OP_0 OP_IF ${hex('ord')} OP_1 ${hex(inscription.contentType)} OP_0 ${hex(inscription.content)} OP_ENDIF`)
}
