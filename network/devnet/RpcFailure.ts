/** bitcoind's JSON-RPC error codes (src/rpc/protocol.h). */
export const RpcCode = {
  MISC_ERROR: -1,
  TYPE_ERROR: -3,
  INVALID_ADDRESS_OR_KEY: -5,
  INVALID_PARAMETER: -8,
  DESERIALIZATION_ERROR: -22,
  TRANSACTION_ERROR: -25,
  TRANSACTION_REJECTED: -26,
  TRANSACTION_ALREADY_IN_CHAIN: -27,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INTERNAL_ERROR: -32603,
  PARSE_ERROR: -32700
} as const

/** The reject codes a node puts in front of a rejection reason ("16: bad-txns-in-belowout"). */
export const RejectCode = {
  INVALID: 0x10,
  NONSTANDARD: 0x40,
  INSUFFICIENTFEE: 0x42,
  HIGHFEE: 0x100,
  ALREADY_KNOWN: 0x101,
  CONFLICT: 0x102
} as const

/** An error the devnet answers to a JSON-RPC call, with bitcoind's code and message. */
export class RpcFailure extends Error {
  constructor (readonly code: number, message: string) {
    super(message)
    this.name = 'RpcFailure'
  }

  /** A mempool rejection as sendrawtransaction reports it: -26 "<reject code>: <reason>". */
  static rejected (rejectCode: number, reason: string): RpcFailure {
    return new RpcFailure(RpcCode.TRANSACTION_REJECTED, `${rejectCode}: ${reason}`)
  }
}
