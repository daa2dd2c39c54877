import type { Declarations } from '../semantic/Declarations'
import type { IRContract } from '../ir/ir'
import type { ContractDecl, Loc } from '../syntax/ast'
import { LoweringState } from './LoweringState'
import type { Parts } from './parts'
import { Storage } from './Storage'
import { Expressions } from './Expressions'
import { Calls } from './Calls'
import { Statements } from './Statements'
import { ContractLowering } from './ContractLowering'

/**
 * Lowers a contract to straight-line code: every function call is inlined, every loop unrolled,
 * structs and arrays are split into scalar variables and constants are folded. Composed of
 * parts, one concern each, sharing one LoweringState.
 */
export class Lowering implements Parts {
  readonly state: LoweringState
  readonly storage: Storage
  readonly expressions: Expressions
  readonly calls: Calls
  readonly statements: Statements
  readonly contract: ContractLowering

  constructor (decls: Declarations) {
    this.state = new LoweringState(decls)
    this.storage = new Storage(this)
    this.expressions = new Expressions(this)
    this.calls = new Calls(this)
    this.statements = new Statements(this)
    this.contract = new ContractLowering(this)
  }

  lowerContract (main: ContractDecl): IRContract { return this.contract.lowerContract(main) }

  /** Fresh variable ids for later passes. */
  idAllocator (): () => number { return this.state.idAllocator() }

  /** The statement being lowered: where an internal error is reported. */
  get lastLoc (): Loc | null { return this.state.lastLoc }
}
