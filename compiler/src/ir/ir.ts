// The intermediate form: straight-line statements over scalar stack values, with if/else.
// Functions are inlined and loops unrolled before this point.

/** One script operation: an opcode name, a data push (hex), a number push, or a constructor placeholder. */
export type Op = string | { push: string } | { num: bigint } | { placeholder: string }

export type IR =
  | { k: 'const'; v: bigint | boolean | string }
  | { k: 'var'; id: number }
  /** Evaluates args onto the stack in order, then runs code, which leaves exactly one value. */
  | { k: 'ops'; args: IR[]; code: Op[] }

export type IRStmt =
  | { k: 'let'; id: number; e: IR }
  /** Like let, for code that leaves several values: ids name them from deepest to top. */
  | { k: 'letn'; ids: number[]; args: IR[]; code: Op[] }
  | { k: 'set'; id: number; e: IR }
  | { k: 'verify'; e: IR }
  /** outs (when present) are defined by the if: each branch ends by evaluating its vals into them. */
  | { k: 'if'; c: IR; then: IRStmt[]; else: IRStmt[]; outs?: number[]; thenVals?: IR[]; elseVals?: IR[] }
  /** exit(true): the script ends here, successfully (nothing after it in its block runs). */
  | { k: 'exit' }

/** One public function after lowering: its stack inputs (deepest first), body and final condition. */
export interface IRMethod {
  name: string;
  params: number[];
  body: IRStmt[];
  result: IR;
  /** With a shared prologue: where the preimage is among params, and the sighash type it is checked with. */
  preimageIndex?: number;
  sighashType?: string;
  /** The let computing this.getStateScript(), when the function computes it once, unconditionally. */
  stateScript?: number;
}

/** Code run before the dispatch, shared by all public functions (the preimage check, reading the state). */
export interface IRPrologue {
  body: IRStmt[];
  /** Variables holding a copy of the called function's preimage and its sighash type. */
  preimage: number;
  sighashType: number;
  outputs: number[];
}

export interface IRContract {
  /** Constructor values pushed by the locking script before anything else, in push order. */
  placeholders: { id: number; name: string; inline?: boolean; unused?: boolean }[];
  methods: IRMethod[];
  prologue?: IRPrologue;
  /** Set when every public function computes the same getStateScript(): the code runs once, shared. */
  sharedStateScript?: boolean;
}

export const constInt = (v: bigint): IR => ({ k: 'const', v })
export const constBool = (v: boolean): IR => ({ k: 'const', v })
export const constBytes = (v: string): IR => ({ k: 'const', v })
export const ops = (args: IR[], ...code: Op[]): IR => ({ k: 'ops', args, code })

/** Variables an expression reads, in evaluation order. */
export function readsOf (e: IR, out: number[] = []): number[] {
  if (e.k === 'var') out.push(e.id)
  else if (e.k === 'ops') for (const a of e.args) readsOf(a, out)
  return out
}
