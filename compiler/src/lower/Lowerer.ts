import { ContractDecl, Expr, FunctionDecl, Loc, Program, Stmt, TypeNode } from '../syntax/ast';
import { CompileError } from '../syntax/CompileError';
import { IR, IRContract, IRMethod, IRStmt, constBool, ops } from '../ir/ir';
import { BOOL, BYTES, BYTES_TYPES, INT, SType, assignable, bytesOf, flattenType, typeName } from '../semantic/types';
import { Value, cloneIR, leaves, mapLeaves, scalar, unflatten } from './values';
import * as F from './fold';
import { callBuiltin, isBuiltin } from './builtins';
import { StateCodec, WRITE_VARINT } from './StateCodec';
import { assignedNames, containsReturn, usesState } from './scan';
import { mayFail } from '../ir/optimize';

interface ThisCtx {
  decl: ContractDecl;
  props: Map<string, Value | undefined>;
}

interface SharedPrologue {
  body: IRStmt[];
  preimage: number;
  sighashType: number;
  /** Variables the prologue leaves for the functions: the code part, then the state scalars. */
  outputs: number[];
  codePart: number | null;
  state: Map<string, Value>;
}

interface MethodState {
  /** The locking script's code part up to and including OP_RETURN (for getStateScript). */
  codePart: number | null;
  /** The variable of the one getStateScript() computed unconditionally, if there is exactly one. */
  stateScript?: number;
  stateScriptCalls: number;
}

const MAX_INLINE_DEPTH = 64;

/**
 * Lowers a contract to straight-line code: every function call is inlined, every loop
 * unrolled, structs and arrays are split into scalar variables and constants are folded.
 */
export class Lowerer {
  private nextId = 1;
  private out: IRStmt[] = [];
  private scopes: Map<string, Value>[] = [];
  private thisCtx: ThisCtx | null = null;
  private current!: ContractDecl;
  private assigned = new Set<string>();
  /** Variables that are storage of something assignable (their value can change). */
  private mutableVars = new Set<number>();
  private depth = 0;
  private method: MethodState = { codePart: null, stateScriptCalls: 0 };
  /** How many branches (if, ?:, short-circuit) enclose the code being lowered. */
  private branchDepth = 0;
  /** Lengths of byte strings established by earlier require(len(x) == n) statements. */
  private lengthFacts = new Map<number, bigint>();
  private readonly structs = new Map<string, SType>();
  private readonly contracts = new Map<string, ContractDecl>();
  private readonly aliases = new Map<string, TypeNode>();
  private readonly statics = new Map<string, Value>();
  private readonly state: StateCodec;

  constructor(private readonly program: Program, std: Program) {
    for (const p of [std, program]) {
      for (const a of p.aliases) this.aliases.set(a.name, a.type);
      for (const c of p.contracts) {
        if (this.contracts.has(c.name)) throw new CompileError(`'${c.name}' is already defined`, c.loc);
        this.contracts.set(c.name, c);
      }
    }
    for (const s of [...std.structs, ...program.structs]) {
      if (this.structs.has(s.name)) throw new CompileError(`struct '${s.name}' is already defined`, s.loc);
      this.structs.set(s.name, { kind: 'struct', name: s.name, fields: [] });
    }
    for (const s of [...std.structs, ...program.structs]) {
      const t = this.structs.get(s.name) as Extract<SType, { kind: 'struct' }>;
      t.fields = s.fields.map((f) => ({ name: f.name, type: this.resolveType(f.type) }));
    }
    this.state = new StateCodec();
  }

  /** Fresh variable ids for later passes. */
  idAllocator(): () => number {
    return () => this.nextId++;
  }

  // ---------------------------------------------------------------- types

  resolveType(t: TypeNode): SType {
    if (t.kind === 'array') {
      const size = this.constInt(t.size);
      if (size < 0n) throw new CompileError('array size must not be negative', t.loc);
      return { kind: 'array', elem: this.resolveType(t.elem), size: Number(size) };
    }
    const name = t.name;
    if (name === 'int' || name === 'PrivKey') return { kind: 'int', name };
    if (name === 'bool') return BOOL;
    if (BYTES_TYPES.includes(name)) return bytesOf(name);
    const s = this.structs.get(name);
    if (s) return s;
    const alias = this.aliases.get(name);
    if (alias) return this.resolveType(alias);
    const lib = this.contracts.get(name);
    if (lib && lib.kind === 'Library') {
      return { kind: 'library', name, fields: lib.properties.map((p) => ({ name: p.name, type: this.resolveType(p.type) })) };
    }
    throw new CompileError(`unknown type '${name}'`, t.loc);
  }

  private constInt(e: Expr): bigint {
    const saved = this.out;
    this.out = [];
    const v = this.expr(e);
    this.out = saved;
    if (v.kind !== 'scalar' || v.ir.k !== 'const' || typeof v.ir.v !== 'bigint') {
      throw new CompileError('expecting a compile-time constant integer', e.loc);
    }
    return v.ir.v;
  }

  // ---------------------------------------------------------------- contract

  lowerContract(main: ContractDecl): IRContract {
    if (main.kind !== 'Contract') throw new CompileError('the last declaration must be a contract', main.loc);
    const ctorParams = main.constructor
      ? main.constructor.params.map((p) => ({ name: p.name, type: this.resolveType(p.type) }))
      : main.properties.map((p) => ({ name: p.name, type: this.resolveType(p.type) }));
    const placeholders: { id: number; name: string }[] = [];
    const ctorValues = new Map<string, Value>();
    for (const p of ctorParams) {
      const lib = p.type.kind === 'library' ? this.contracts.get(p.type.name) : undefined;
      if (lib?.constructor) {
        // scryptlib would name these placeholders after the library's constructor parameters
        throw new CompileError(`a library with an explicit constructor ('${lib.name}') cannot be a constructor parameter`, main.constructor?.loc ?? main.loc);
      }
      const irs = flattenType(p.type, p.name).map((leaf) => {
        const id = this.nextId++;
        placeholders.push({ id, name: leaf.path });
        return { k: 'var', id } as IR;
      });
      ctorValues.set(p.name, unflatten(p.type, irs));
    }
    const publics = main.functions.filter((f) => f.visibility === 'Public');
    if (publics.length === 0) throw new CompileError(`contract '${main.name}' has no public function`, main.loc);
    // When every public function starts by checking its preimage, one check (and one reading
    // of the state) placed before the dispatch serves them all.
    const checks = publics.map((f) => this.leadingPreimageCheck(f));
    const shared = checks.every((c) => c !== null) ? this.lowerPrologue(main, ctorValues) : null;
    const methods = publics.map((f, i) => {
      const m = this.lowerMethod(main, f, ctorValues, shared);
      if (shared) { m.preimageIndex = checks[i]!.index; m.sighashType = checks[i]!.type; }
      return m;
    });
    const prologue = shared
      ? { body: shared.body, preimage: shared.preimage, sighashType: shared.sighashType, outputs: shared.outputs }
      : undefined;
    return { placeholders, methods, prologue };
  }

  /** `require(Tx.checkPreimage[SigHashType](p[, SigHashType(b'..')]))` as a function's first statement. */
  private leadingPreimageCheck(f: FunctionDecl): { index: number; type: string } | null {
    const first = f.body[0];
    if (!first || first.kind !== 'require' || first.cond.kind !== 'call') return null;
    const call = first.cond;
    if (call.callee.kind !== 'member' || call.callee.object.kind !== 'ident' || call.callee.object.name !== 'Tx' || this.lookup('Tx')) return null;
    let type: string;
    if (call.callee.name === 'checkPreimage' && call.args.length === 1) type = '41';
    else if (call.callee.name === 'checkPreimageSigHashType' && call.args.length === 2) {
      const t = call.args[1];
      if (t.kind !== 'call' || t.callee.kind !== 'ident' || t.callee.name !== 'SigHashType' || t.args.length !== 1 || t.args[0].kind !== 'bytes') return null;
      type = t.args[0].value;
      if (type.length !== 2) return null;
    } else return null;
    const arg = call.args[0];
    if (arg.kind !== 'ident') return null;
    let index = 0;
    for (const p of f.params) {
      if (p.name === arg.name) {
        return p.type.kind === 'named' && p.type.name === 'SigHashPreimage' ? { index, type } : null;
      }
      index += flattenType(this.resolveType(p.type)).length;
    }
    return null;
  }

  private lowerPrologue(main: ContractDecl, ctorValues: Map<string, Value>): SharedPrologue {
    this.out = [];
    this.mutableVars = new Set();
    this.lengthFacts = new Map();
    this.method = { codePart: null, stateScriptCalls: 0 };
    this.current = main;
    const preimage = this.nextId++;
    const sighashType = this.nextId++;
    const props = new Map<string, Value | undefined>();
    this.thisCtx = { decl: main, props };
    const genesis = this.evalConstructor(main, ctorValues, props);
    this.scopes = [new Map()];
    const ok = this.callFunction(this.contracts.get('Tx')!, 'checkPreimageSigHashType',
      [scalar(bytesOf('SigHashPreimage'), { k: 'var', id: preimage }), scalar(bytesOf('SigHashType'), { k: 'var', id: sighashType })], null, main.loc)!;
    this.out.push({ k: 'verify', e: (ok as { ir: IR }).ir });
    const outputs: number[] = [];
    let codePart: number | null = null;
    const state = new Map<string, Value>();
    if (main.properties.some((p) => p.state)) {
      const decoded = this.decodeState(main, { k: 'var', id: preimage }, genesis, main.loc);
      codePart = decoded.codePart;
      outputs.push(codePart);
      for (const [name, v] of decoded.values) {
        state.set(name, v);
        for (const l of leaves(v)) outputs.push((l.ir as { id: number }).id);
      }
    }
    return { body: this.out, preimage, sighashType, outputs, codePart, state };
  }

  /** Runs the constructor: fills the non-state properties, returns the state properties' genesis values. */
  private evalConstructor(main: ContractDecl, ctorValues: Map<string, Value>, props: Map<string, Value | undefined>): Map<string, Value> {
    const genesis = new Map<string, Value>();
    if (main.constructor) {
      this.scopes = [new Map(ctorValues)];
      this.assigned = new Set();
      for (const s of main.constructor.body) {
        if (s.kind === 'expr' && s.expr.kind === 'call' && s.expr.callee.kind === 'ident' && s.expr.callee.name === 'super') continue;
        if (s.kind !== 'assign' || s.op !== '=' || s.target.kind !== 'member' || s.target.object.kind !== 'this') {
          throw new CompileError('a constructor may only assign properties', s.loc);
        }
        const prop = main.properties.find((p) => p.name === (s.target as { name: string }).name);
        if (!prop) throw new CompileError(`unknown property '${(s.target as { name: string }).name}'`, s.target.loc);
        if (prop.state) { genesis.set(prop.name, this.expr(s.value, this.resolveType(prop.type))); continue; }
        props.set(prop.name, this.materialize(this.expr(s.value, this.resolveType(prop.type)), !prop.isConst));
      }
    } else {
      for (const p of main.properties) {
        if (p.state) genesis.set(p.name, this.read(ctorValues.get(p.name)!));
        else props.set(p.name, this.materialize(ctorValues.get(p.name)!, !p.isConst));
      }
    }
    return genesis;
  }

  /** Reads the state from the preimage's script code; the genesis output takes the constructor's values. */
  private decodeState(main: ContractDecl, preimage: IR, genesis: Map<string, Value>, at: Loc): { codePart: number; values: Map<string, Value> } {
    const stateProps = main.properties.filter((p) => p.state);
    const scriptCode = this.callFunction(this.contracts.get('SigHash')!, 'scriptCode', [scalar(bytesOf('SigHashPreimage'), preimage)], null, at)!;
    const types = stateProps.map((p) => this.resolveType(p.type));
    const decoded = this.state.decode(scriptCode, types, () => this.nextId++, this.out);
    const values = new Map<string, Value>();
    // one choice for all scalars: the constructor's values in the genesis output, else the decoded ones
    const outs: number[] = [];
    const thenVals: IR[] = [];
    const elseVals: IR[] = [];
    stateProps.forEach((p, i) => {
      const g = genesis.get(p.name);
      if (!g) throw new CompileError(`the constructor does not assign state property '${p.name}'`, p.loc);
      const ids = leaves(decoded.values[i]).map(() => this.nextId++);
      outs.push(...ids);
      thenVals.push(...leaves(g).map((l) => l.ir));
      elseVals.push(...leaves(decoded.values[i]).map((l) => l.ir));
      values.set(p.name, unflatten(types[i], ids.map((id) => ({ k: 'var', id }) as IR)));
    });
    this.out.push({ k: 'if', c: { k: 'var', id: decoded.isGenesis }, then: [], else: [], outs, thenVals, elseVals });
    return { codePart: decoded.codePart, values };
  }

  private lowerMethod(main: ContractDecl, f: FunctionDecl, ctorValues: Map<string, Value>, shared: SharedPrologue | null): IRMethod {
    this.out = [];
    this.mutableVars = new Set();
    this.lengthFacts = new Map();
    this.method = { codePart: null, stateScriptCalls: 0 };
    this.current = main;
    const params: number[] = [];
    const paramScope = new Map<string, Value>();
    const assignedInBody = assignedNames(f.body);
    for (const p of f.params) {
      const type = this.resolveType(p.type);
      const irs = flattenType(type).map(() => {
        const id = this.nextId++;
        params.push(id);
        if (assignedInBody.has(p.name)) this.mutableVars.add(id);
        return { k: 'var', id } as IR;
      });
      paramScope.set(p.name, unflatten(type, irs));
    }
    const props = new Map<string, Value | undefined>();
    this.thisCtx = { decl: main, props };
    const stateProps = main.properties.filter((p) => p.state);
    const genesis = this.evalConstructor(main, ctorValues, props);
    this.scopes = [paramScope];
    let values: Map<string, Value> | null = null;
    if (shared) {
      this.method.codePart = shared.codePart;
      if (shared.codePart !== null) values = shared.state;
    } else if (stateProps.length > 0 && usesState(f.body, main, this.contracts)) {
      const pre = f.params.find((p) => p.type.kind === 'named' && p.type.name === 'SigHashPreimage');
      if (!pre) throw new CompileError(`public function '${f.name}' reads the contract's state but has no SigHashPreimage parameter (use this.ctx)`, f.loc);
      const preimage = paramScope.get(pre.name) as Extract<Value, { kind: 'scalar' }>;
      const decoded = this.decodeState(main, cloneIR(preimage.ir), genesis, f.loc);
      this.method.codePart = decoded.codePart;
      values = decoded.values;
    }
    if (values) {
      for (const [name, v] of values) {
        for (const l of leaves(v)) this.mutableVars.add((l.ir as { id: number }).id);
        props.set(name, v);
      }
    }
    this.assigned = assignedNames(f.body);
    // with a shared prologue, the function's own preimage check has already run
    const body = shared ? f.body.slice(1) : [...f.body];
    const last = body[body.length - 1];
    let result: IR = constBool(true);
    this.scopes.push(new Map());
    if (last && last.kind === 'require') {
      body.pop();
      this.stmts(body);
      result = this.boolExpr(last.cond);
    } else {
      this.stmts(body);
    }
    const stateScript = this.method.stateScriptCalls === 1 ? this.method.stateScript : undefined;
    return { name: f.name, params, body: this.out, result, stateScript };
  }

  // ---------------------------------------------------------------- statements

  private stmts(list: Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private scoped(fn: () => void): void {
    this.scopes.push(new Map());
    try { fn(); } finally { this.scopes.pop(); }
  }

  private stmt(s: Stmt): void {
    switch (s.kind) {
      case 'block':
        this.scoped(() => this.stmts(s.body));
        return;
      case 'var': {
        const type = s.type ? this.resolveType(s.type) : null;
        const v = this.expr(s.init, type ?? undefined);
        if (type) this.check(type, v, s.init.loc);
        const scope = this.scopes[this.scopes.length - 1];
        if (scope.has(s.name)) throw new CompileError(`'${s.name}' is already declared`, s.loc);
        const mutable = this.assigned.has(s.name) || (type ?? v.type).kind === 'library';
        scope.set(s.name, this.materialize(type ? this.retype(v, type) : v, mutable));
        return;
      }
      case 'assign': {
        const targetType = this.typeOfLvalue(s.target);
        let v: Value;
        if (s.op === '=') v = this.expr(s.value, targetType);
        else v = this.binary(s.op.slice(0, -1), this.expr(s.target), this.expr(s.value, targetType), s.loc);
        this.check(targetType, v, s.value.loc);
        this.assign(s.target, v);
        return;
      }
      case 'expr': {
        const e = s.expr;
        if (e.kind === 'incdec') {
          this.assign(e.target, this.incdec(e.target, e.op, e.loc));
          return;
        }
        const v = this.expr(e);
        // an unused result may still fail the script (e.g. a failing split): evaluate it anyway
        for (const l of leaves(v)) if (l.ir.k === 'ops') this.out.push({ k: 'let', id: this.nextId++, e: l.ir });
        return;
      }
      case 'require': {
        const c = this.boolExpr(s.cond);
        if (c.k === 'const' && c.v === true) return;
        this.out.push({ k: 'verify', e: c });
        this.learnLengths(c);
        return;
      }
      case 'if': {
        const c = this.boolExpr(s.cond);
        if (c.k === 'const') {
          const branch = c.v ? s.then : s.else;
          if (branch) this.scoped(() => this.stmts(branch));
          return;
        }
        const thenCode = this.capture(() => this.scoped(() => this.stmts(s.then)));
        const elseCode = this.capture(() => this.scoped(() => this.stmts(s.else ?? [])));
        this.out.push({ k: 'if', c, then: thenCode, else: elseCode });
        return;
      }
      case 'loop': {
        const n = this.constInt(s.count);
        if (n < 0n) throw new CompileError('loop count must not be negative', s.count.loc);
        for (let i = 0n; i < n; i++) {
          this.scoped(() => {
            if (s.index) this.scopes[this.scopes.length - 1].set(s.index, scalar(INT, { k: 'const', v: i }));
            this.scoped(() => this.stmts(s.body));
          });
        }
        return;
      }
      case 'return':
        throw new CompileError('return is only allowed as the last statement of a function', s.loc);
    }
  }

  /** After require(len(x) == n && ...), x's length is known for the rest of the block. */
  private learnLengths(c: IR): void {
    if (c.k !== 'ops') return;
    if (c.code.length === 1 && c.code[0] === 'OP_BOOLAND') { c.args.forEach((a) => this.learnLengths(a)); return; }
    if (c.code.length !== 1 || c.code[0] !== 'OP_NUMEQUAL') return;
    const [a, b] = c.args;
    const sized = (x: IR) => (x.k === 'ops' && x.code.length === 2 && x.code[0] === 'OP_SIZE' && x.code[1] === 'OP_NIP' && x.args[0].k === 'var' ? x.args[0].id : undefined);
    for (const [x, n] of [[a, b], [b, a]]) {
      const id = sized(x);
      if (id !== undefined && !this.mutableVars.has(id) && n.k === 'const' && typeof n.v === 'bigint') this.lengthFacts.set(id, n.v);
    }
  }

  /** Lowers code into a separate list (a branch), keeping property definitions local to it. */
  private capture(fn: () => void): IRStmt[] {
    const saved = this.out;
    const props = this.thisCtx ? new Map(this.thisCtx.props) : null;
    const facts = new Map(this.lengthFacts);
    this.out = [];
    this.branchDepth++;
    try {
      fn();
      return this.out;
    } finally {
      this.branchDepth--;
      this.out = saved;
      this.lengthFacts = facts;
      if (this.thisCtx && props) {
        // a property first assigned inside a branch is not defined after it
        for (const [k, v] of this.thisCtx.props) if (props.get(k) === undefined && v !== undefined) this.thisCtx.props.set(k, undefined);
      }
    }
  }

  // ---------------------------------------------------------------- storage

  /** Gives a value its own variables (or keeps constants / unchangeable variables when it is never assigned). */
  private materialize(v: Value, mutable: boolean): Value {
    return mapLeaves(v, (ir) => {
      if (!mutable && (ir.k === 'const' || (ir.k === 'var' && !this.mutableVars.has(ir.id)))) return ir;
      const id = this.nextId++;
      this.out.push({ k: 'let', id, e: ir });
      if (mutable) this.mutableVars.add(id);
      else this.keepLength(id, ir);
      return { k: 'var', id };
    });
  }

  private keepLength(id: number, ir: IR): void {
    const n = F.staticLength(ir, this.lengthFacts);
    if (n !== undefined) this.lengthFacts.set(id, n);
  }

  /** A readable copy of stored value (fresh nodes for every variable read). */
  private read(v: Value): Value {
    return mapLeaves(v, (ir) => cloneIR(ir));
  }

  private lookup(name: string): Value | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i].get(name);
      if (v) return v;
    }
    return undefined;
  }

  /** Storage locations an lvalue may denote, each with the runtime condition selecting it. */
  private locations(e: Expr, forWrite = true): { conds: IR[]; node: Value | null; define?: (v: Value) => void }[] {
    if (e.kind === 'ident') {
      const v = this.lookup(e.name);
      if (!v) throw new CompileError(`undeclared variable '${e.name}'`, e.loc);
      return [{ conds: [], node: v }];
    }
    if (e.kind === 'member' && e.object.kind === 'this') {
      const ctx = this.requireThis(e.loc);
      const prop = ctx.decl.properties.find((p) => p.name === e.name);
      if (!prop) throw new CompileError(`unknown property '${e.name}'`, e.loc);
      if (forWrite && prop.isConst && ctx.props.get(e.name) !== undefined) throw new CompileError(`cannot assign const property '${e.name}'`, e.loc);
      const node = ctx.props.get(e.name);
      if (node === undefined) return [{ conds: [], node: null, define: (v) => ctx.props.set(e.name, this.materialize(v, true)) }];
      return [{ conds: [], node }];
    }
    if (e.kind === 'member') {
      return this.locations(e.object, forWrite).map((loc) => {
        const node = this.definedNode(loc, e.object.loc);
        if (node.kind !== 'struct') throw new CompileError(`'${e.name}' is not a field`, e.loc);
        const i = (node.type as { fields: { name: string }[] }).fields.findIndex((f) => f.name === e.name);
        if (i < 0) throw new CompileError(`no field '${e.name}' in ${typeName(node.type)}`, e.loc);
        return { conds: loc.conds, node: node.fields[i] };
      });
    }
    if (e.kind === 'index') {
      const idx = this.intExpr(e.index);
      const bases = this.locations(e.object, forWrite);
      const out: { conds: IR[]; node: Value | null }[] = [];
      for (const loc of bases) {
        const node = this.definedNode(loc, e.object.loc);
        if (node.kind !== 'array') throw new CompileError('indexing a value that is not an array', e.loc);
        if (idx.k === 'const') {
          const k = Number(idx.v as bigint);
          if (k < 0 || k >= node.items.length) throw new CompileError(`index ${k} out of bounds (size ${node.items.length})`, e.index.loc);
          out.push({ conds: loc.conds, node: node.items[k] });
        } else {
          const iv = this.temp(idx);
          this.out.push({ k: 'verify', e: ops([cloneIR(iv), { k: 'const', v: 0n }, { k: 'const', v: BigInt(node.items.length) }], 'OP_WITHIN') });
          node.items.forEach((item, k) => out.push({ conds: [...loc.conds, F.intBinary('==', cloneIR(iv), { k: 'const', v: BigInt(k) })], node: item }));
        }
      }
      return out;
    }
    throw new CompileError('expression is not assignable', e.loc);
  }

  private definedNode(loc: { node: Value | null }, at: Loc): Value {
    if (!loc.node) throw new CompileError('property used before it is assigned', at);
    return loc.node;
  }

  private assign(target: Expr, v: Value): void {
    const locs = this.locations(target);
    if (locs.length === 1 && locs[0].conds.length === 0) {
      const loc = locs[0];
      if (!loc.node) { loc.define!(v); return; }
      this.store(loc.node, v, target.loc);
      return;
    }
    // runtime index: keep the new value in variables, then store it where the index points
    const val = this.materialize(v, false);
    for (const loc of locs) {
      const cond = loc.conds.reduce((a, b) => F.boolAnd(a, b));
      const code = this.capture(() => this.store(loc.node!, this.read(val), target.loc));
      this.out.push({ k: 'if', c: cond, then: code, else: [] });
    }
  }

  private store(node: Value, v: Value, at: Loc): void {
    const dst = leaves(node);
    let src = leaves(v).map((l) => l.ir);
    if (dst.length !== src.length) throw new CompileError('type mismatch in assignment', at);
    const ids = new Set(dst.map((d) => (d.ir.k === 'var' ? d.ir.id : -1)));
    if (dst.length > 1 && src.some((s) => readsAny(s, ids))) src = src.map((s) => (s.k === 'const' ? s : this.temp(s)));
    dst.forEach((d, i) => {
      if (d.ir.k !== 'var' || !this.mutableVars.has(d.ir.id)) throw new CompileError('assignment to a value that cannot change', at);
      this.out.push({ k: 'set', id: d.ir.id, e: src[i] });
    });
  }

  private temp(ir: IR): IR {
    if (ir.k === 'const' || (ir.k === 'var' && !this.mutableVars.has(ir.id))) return ir;
    const id = this.nextId++;
    this.out.push({ k: 'let', id, e: ir });
    this.keepLength(id, ir);
    return { k: 'var', id };
  }

  private typeOfLvalue(e: Expr): SType {
    if (e.kind === 'member' && e.object.kind === 'this') {
      const ctx = this.requireThis(e.loc);
      const prop = ctx.decl.properties.find((p) => p.name === e.name);
      if (!prop) throw new CompileError(`unknown property '${e.name}'`, e.loc);
      return this.resolveType(prop.type);
    }
    const saved = this.out;
    this.out = [];
    try {
      return this.expr(e).type;
    } finally {
      this.out = saved;
    }
  }

  private incdec(target: Expr, op: '++' | '--', at: Loc): Value {
    const cur = this.expr(target);
    if (cur.kind !== 'scalar' || cur.type.kind !== 'int') throw new CompileError(`${op} needs an int`, at);
    return scalar(INT, F.intBinary(op === '++' ? '+' : '-', cur.ir, { k: 'const', v: 1n }));
  }

  // ---------------------------------------------------------------- expressions

  private check(expected: SType, v: Value, at: Loc): void {
    if (!assignable(expected, v.type)) throw new CompileError(`type mismatch: expecting ${typeName(expected)} but got ${typeName(v.type)}`, at);
  }

  private retype(v: Value, type: SType): Value {
    if (v.kind === 'scalar') return { ...v, type };
    if (v.kind === 'array' && type.kind === 'array') return { kind: 'array', type, items: v.items.map((x) => this.retype(x, type.elem)) };
    if (v.kind === 'struct' && (type.kind === 'struct' || type.kind === 'library')) return { kind: 'struct', type, fields: v.fields.map((x, i) => this.retype(x, type.fields[i].type)) };
    return v;
  }

  boolExpr(e: Expr): IR {
    const v = this.expr(e);
    if (v.kind !== 'scalar' || v.type.kind !== 'bool') throw new CompileError(`expecting bool but got ${typeName(v.type)}`, e.loc);
    return v.ir;
  }

  intExpr(e: Expr): IR {
    const v = this.expr(e);
    if (v.kind !== 'scalar' || v.type.kind !== 'int') throw new CompileError(`expecting int but got ${typeName(v.type)}`, e.loc);
    return v.ir;
  }

  /** Lowers operands left to right; if a later one emits statements, earlier ones are saved first. */
  private seq(list: Expr[], expected: (SType | undefined)[] = []): Value[] {
    const vals: Value[] = [];
    const marks: number[] = [];
    list.forEach((e, i) => {
      const before = this.out.length;
      const v = this.expr(e, expected[i]);
      if (this.out.length > before) {
        for (let j = vals.length - 1; j >= 0; j--) {
          const inserted: IRStmt[] = [];
          vals[j] = mapLeaves(vals[j], (ir) => {
            if (ir.k === 'const' || (ir.k === 'var' && !this.mutableVars.has(ir.id))) return ir;
            const id = this.nextId++;
            inserted.push({ k: 'let', id, e: ir });
            return { k: 'var', id };
          });
          this.out.splice(marks[j], 0, ...inserted);
        }
      }
      vals.push(v);
      marks.push(this.out.length);
    });
    return vals;
  }

  expr(e: Expr, expected?: SType): Value {
    switch (e.kind) {
      case 'int': return scalar(INT, { k: 'const', v: e.value });
      case 'bool': return scalar(BOOL, { k: 'const', v: e.value });
      case 'bytes': return scalar(BYTES, { k: 'const', v: e.value });
      case 'ident': {
        const v = this.lookup(e.name);
        if (v) return this.read(v);
        const st = this.staticOf(this.current, e.name);
        if (st) return st;
        throw new CompileError(`undeclared identifier '${e.name}'`, e.loc);
      }
      case 'this':
        throw new CompileError("'this' cannot be used as a value", e.loc);
      case 'member': return this.member(e);
      case 'index': {
        const [obj, idx] = this.seq([e.object, e.index]);
        if (obj.kind !== 'array') throw new CompileError('indexing a value that is not an array', e.loc);
        if (idx.kind !== 'scalar' || idx.type.kind !== 'int') throw new CompileError('array index must be an int', e.index.loc);
        if (idx.ir.k === 'const') {
          const k = Number(idx.ir.v as bigint);
          if (k < 0 || k >= obj.items.length) throw new CompileError(`index ${k} out of bounds (size ${obj.items.length})`, e.index.loc);
          return obj.items[k];
        }
        return this.select(obj, idx.ir);
      }
      case 'slice': {
        const parts = [e.object, ...(e.start ? [e.start] : []), ...(e.end ? [e.end] : [])];
        const vals = this.seq(parts);
        const b = vals[0];
        if (b.kind !== 'scalar' || b.type.kind !== 'bytes') throw new CompileError('only byte strings can be sliced', e.loc);
        let k = 1;
        const start = e.start ? this.asInt(vals[k++], e.start.loc) : undefined;
        const end = e.end ? this.asInt(vals[k++], e.end.loc) : undefined;
        return scalar(BYTES, F.slice(b.ir, start, end));
      }
      case 'call': return this.call(e);
      case 'new': {
        const lib = this.contracts.get(e.name);
        if (!lib || lib.kind !== 'Library') throw new CompileError(`'${e.name}' is not a library`, e.loc);
        const args = this.seq(e.args);
        return this.construct(lib, args, e.loc);
      }
      case 'unary': {
        const v = this.expr(e.operand);
        if (v.kind !== 'scalar') throw new CompileError(`operator ${e.op} needs a scalar`, e.loc);
        if (e.op === '-' && v.type.kind === 'int') return scalar(INT, F.negate(v.ir));
        if (e.op === '!' && v.type.kind === 'bool') return scalar(BOOL, F.not(v.ir));
        if (e.op === '~' && v.type.kind === 'bytes') return scalar(v.type, ops([v.ir], 'OP_INVERT'));
        throw new CompileError(`operator ${e.op} cannot be applied to ${typeName(v.type)}`, e.loc);
      }
      case 'incdec': {
        const old = this.expr(e.target);
        const saved = e.prefix ? null : this.materialize(old, false);
        const next = this.incdec(e.target, e.op, e.loc);
        this.assign(e.target, next);
        return e.prefix ? this.expr(e.target) : this.read(saved!);
      }
      case 'binary': {
        if (e.op === '&&' || e.op === '||') return this.logical(e.op, e.left, e.right, e.loc);
        const [l, r] = this.seq([e.left, e.right]);
        return this.binary(e.op, l, r, e.loc);
      }
      case 'ternary': {
        const c = this.boolExpr(e.cond);
        if (c.k === 'const') return this.expr(c.v ? e.then : e.else, expected);
        return this.conditional(c, () => this.expr(e.then, expected), () => this.expr(e.else, expected), e.loc);
      }
      case 'structLit': {
        if (!expected || expected.kind !== 'struct') throw new CompileError('cannot tell the struct type of this literal', e.loc);
        if (expected.fields.length !== e.fields.length) throw new CompileError(`${expected.name} has ${expected.fields.length} fields`, e.loc);
        const vals = this.seq(e.fields, expected.fields.map((f) => f.type));
        vals.forEach((v, i) => this.check(expected.fields[i].type, v, e.fields[i].loc));
        return { kind: 'struct', type: expected, fields: vals.map((v, i) => this.retype(v, expected.fields[i].type)) };
      }
      case 'arrayLit': {
        const elem = expected && expected.kind === 'array' ? expected.elem : undefined;
        const vals = this.seq(e.items, e.items.map(() => elem));
        if (vals.length === 0) throw new CompileError('empty array literal', e.loc);
        const elemType = elem ?? vals[0].type;
        vals.forEach((v, i) => this.check(elemType, v, e.items[i].loc));
        return { kind: 'array', type: { kind: 'array', elem: elemType, size: vals.length }, items: vals.map((v) => this.retype(v, elemType)) };
      }
    }
  }

  private asInt(v: Value, at: Loc): IR {
    if (v.kind !== 'scalar' || v.type.kind !== 'int') throw new CompileError(`expecting int but got ${typeName(v.type)}`, at);
    return v.ir;
  }

  /** a[i] with an index known only at run time. */
  private select(arr: Extract<Value, { kind: 'array' }>, idx: IR): Value {
    const i = this.temp(idx);
    const n = arr.items.length;
    const build = (k: number): Value => {
      if (k === n - 1) {
        this.out.push({ k: 'verify', e: F.intBinary('==', cloneIR(i), { k: 'const', v: BigInt(k) }) });
        return arr.items[k];
      }
      return this.conditional(F.intBinary('==', cloneIR(i), { k: 'const', v: BigInt(k) }), () => arr.items[k], () => build(k + 1), { line: 0, column: 0, endLine: 0, endColumn: 0 });
    };
    return build(0);
  }

  /** A value chosen at run time: an if statement whose branches leave the value's scalars. */
  private conditional(c: IR, thenFn: () => Value, elseFn: () => Value, at: Loc): Value {
    let thenV: Value | undefined;
    let elseV: Value | undefined;
    const thenCode = this.capture(() => { thenV = thenFn(); });
    const elseCode = this.capture(() => { elseV = elseFn(); });
    if (!assignable(thenV!.type, elseV!.type) && !assignable(elseV!.type, thenV!.type)) {
      throw new CompileError(`branches have different types: ${typeName(thenV!.type)} and ${typeName(elseV!.type)}`, at);
    }
    const outs = leaves(thenV!).map(() => this.nextId++);
    this.out.push({ k: 'if', c, then: thenCode, else: elseCode, outs, thenVals: leaves(thenV!).map((l) => l.ir), elseVals: leaves(elseV!).map((l) => l.ir) } as IRStmt);
    return unflatten(thenV!.type, outs.map((id) => ({ k: 'var', id }) as IR));
  }

  private logical(op: '&&' | '||', left: Expr, right: Expr, at: Loc): Value {
    const l = this.boolExpr(left);
    if (l.k === 'const') {
      if (op === '&&' && l.v === false) return scalar(BOOL, l);
      if (op === '||' && l.v === true) return scalar(BOOL, l);
      return scalar(BOOL, this.boolExpr(right));
    }
    const saved = this.out;
    const facts = new Map(this.lengthFacts);
    this.out = [];
    this.branchDepth++;
    const r = this.boolExpr(right);
    this.branchDepth--;
    const emitted = this.out;
    this.out = saved;
    // what the right side's requires established holds only where it runs
    this.lengthFacts = facts;
    if (emitted.length === 0 && !mayFail(r)) {
      return scalar(BOOL, op === '&&' ? F.boolAnd(l, r) : F.boolOr(l, r));
    }
    // short-circuit: the right side runs only when it decides the result
    const lv = this.temp(l);
    return this.conditional(
      cloneIR(lv),
      () => (op === '&&' ? (this.out.push(...emitted), scalar(BOOL, r)) : scalar(BOOL, constBool(true))),
      () => (op === '&&' ? scalar(BOOL, constBool(false)) : (this.out.push(...emitted), scalar(BOOL, r))),
      at,
    );
  }

  binary(op: string, l: Value, r: Value, at: Loc): Value {
    if (l.kind !== 'scalar' || r.kind !== 'scalar') {
      if ((op === '==' || op === '!=') && assignable(l.type, r.type)) {
        const ls = leaves(l);
        const rs = leaves(r);
        // structs and arrays are equal when all their scalars are
        let acc: IR = constBool(true);
        ls.forEach((x, i) => { acc = F.boolAnd(acc, (this.binary('==', x, rs[i], at) as { ir: IR }).ir); });
        return scalar(BOOL, op === '==' ? acc : F.not(acc));
      }
      throw new CompileError(`operator ${op} cannot be applied to ${typeName(l.type)} and ${typeName(r.type)}`, at);
    }
    const lt = l.type.kind;
    const rt = r.type.kind;
    if (lt === 'int' && rt === 'int') {
      if (['+', '-', '*', '/', '%'].includes(op)) return scalar(INT, F.intBinary(op, l.ir, r.ir));
      if (['<', '<=', '>', '>=', '==', '!='].includes(op)) return scalar(BOOL, F.intBinary(op, l.ir, r.ir));
    }
    if (lt === 'bytes' && rt === 'bytes') {
      if (op === '+') return scalar(l.type.kind === 'bytes' && r.type.kind === 'bytes' && (l.type as { name: string }).name === (r.type as { name: string }).name ? l.type : BYTES, F.concat(l.ir, r.ir));
      if (op === '==' || op === '!=') return scalar(BOOL, F.bytesEqual(l.ir, r.ir, op === '!='));
      if (op === '&') return scalar(l.type, ops([l.ir, r.ir], 'OP_AND'));
      if (op === '|') return scalar(l.type, ops([l.ir, r.ir], 'OP_OR'));
      if (op === '^') return scalar(l.type, ops([l.ir, r.ir], 'OP_XOR'));
    }
    if (lt === 'bool' && rt === 'bool') {
      if (op === '==' || op === '!=') return scalar(BOOL, F.boolEqual(l.ir, r.ir, op === '!='));
    }
    throw new CompileError(`operator ${op} cannot be applied to ${typeName(l.type)} and ${typeName(r.type)}`, at);
  }

  private member(e: Extract<Expr, { kind: 'member' }>): Value {
    if (e.object.kind === 'this') {
      const ctx = this.requireThis(e.loc);
      const prop = ctx.decl.properties.find((p) => p.name === e.name);
      if (prop) {
        const v = ctx.props.get(e.name);
        if (v === undefined) {
          if (prop.state) throw new CompileError(`state property '${e.name}' is not available here`, e.loc);
          throw new CompileError(`property '${e.name}' is used before it is assigned`, e.loc);
        }
        return this.read(v);
      }
      const st = this.staticOf(ctx.decl, e.name);
      if (st) return st;
      throw new CompileError(`unknown property '${e.name}'`, e.loc);
    }
    if (e.object.kind === 'ident' && !this.lookup(e.object.name) && this.contracts.has(e.object.name)) {
      const st = this.staticOf(this.contracts.get(e.object.name)!, e.name);
      if (!st) throw new CompileError(`'${e.object.name}' has no static constant '${e.name}'`, e.loc);
      return st;
    }
    const obj = this.expr(e.object);
    if (obj.kind === 'struct') {
      const i = (obj.type as { fields: { name: string }[] }).fields.findIndex((f) => f.name === e.name);
      if (i < 0) throw new CompileError(`no field '${e.name}' in ${typeName(obj.type)}`, e.loc);
      return obj.fields[i];
    }
    throw new CompileError(`'${e.name}' is not a member of ${typeName(obj.type)}`, e.loc);
  }

  private staticOf(decl: ContractDecl, name: string): Value | undefined {
    const st = decl.statics.find((s) => s.name === name);
    if (!st) return undefined;
    const key = `${decl.name}.${name}`;
    let v = this.statics.get(key);
    if (!v) {
      const savedCurrent = this.current;
      const savedScopes = this.scopes;
      const savedOut = this.out;
      this.current = decl;
      this.scopes = [];
      this.out = [];
      try {
        const type = this.resolveType(st.type);
        v = this.retype(this.expr(st.value, type), type);
        if (leaves(v).some((l) => l.ir.k !== 'const') || this.out.length > 0) throw new CompileError('static property must be a compile-time constant', st.loc);
      } finally {
        this.current = savedCurrent;
        this.scopes = savedScopes;
        this.out = savedOut;
      }
      this.statics.set(key, v);
    }
    return v;
  }

  private requireThis(at: Loc): ThisCtx {
    if (!this.thisCtx) throw new CompileError("'this' is not available in a static function", at);
    return this.thisCtx;
  }

  // ---------------------------------------------------------------- calls

  private call(e: Extract<Expr, { kind: 'call' }>): Value {
    const callee = e.callee;
    if (callee.kind === 'ident') {
      if (isBuiltin(callee.name)) {
        return callBuiltin(callee.name, this.seq(e.args), e, (name) => this.castType(name), (x) => F.staticLength(x, this.lengthFacts));
      }
      throw new CompileError(`unknown function '${callee.name}'`, callee.loc);
    }
    if (callee.kind === 'member') {
      if (callee.object.kind === 'this') {
        const ctx = this.requireThis(callee.loc);
        if (callee.name === 'getStateScript' && e.args.length === 0 && ctx.decl.kind === 'Contract') return this.stateScript(ctx, e.loc);
        return this.callFunction(ctx.decl, callee.name, this.seq(e.args, this.paramTypes(ctx.decl, callee.name)), ctx, e.loc) ?? scalar(BOOL, constBool(true));
      }
      if (callee.object.kind === 'ident' && !this.lookup(callee.object.name) && this.contracts.has(callee.object.name)) {
        const decl = this.contracts.get(callee.object.name)!;
        if (decl.name === 'Utils' && callee.name === 'buildOutput') {
          const shared = this.stateOutput(e);
          if (shared) return shared;
        }
        return this.callFunction(decl, callee.name, this.seq(e.args, this.paramTypes(decl, callee.name)), null, e.loc) ?? scalar(BOOL, constBool(true));
      }
      // a method of a library instance (it may change the instance only if the instance may change)
      const locs = this.locations(callee.object, false);
      if (locs.length !== 1 || locs[0].conds.length !== 0 || !locs[0].node) throw new CompileError('unsupported method call', callee.loc);
      const node = locs[0].node;
      if (node.kind !== 'struct' || node.type.kind !== 'library') throw new CompileError(`'${callee.name}' is not a method`, callee.loc);
      const decl = this.contracts.get(node.type.name)!;
      const props = new Map<string, Value | undefined>();
      decl.properties.forEach((p, i) => props.set(p.name, node.fields[i]));
      return this.callFunction(decl, callee.name, this.seq(e.args, this.paramTypes(decl, callee.name)), { decl, props }, e.loc) ?? scalar(BOOL, constBool(true));
    }
    throw new CompileError('unsupported call', e.loc);
  }

  private paramTypes(decl: ContractDecl, name: string): (SType | undefined)[] {
    const fn = decl.functions.find((f) => f.name === name);
    return fn ? fn.params.map((p) => this.resolveType(p.type)) : [];
  }

  private castType(name: string): SType | undefined {
    if (name === 'int' || name === 'PrivKey') return { kind: 'int', name };
    if (name === 'bool') return BOOL;
    if (BYTES_TYPES.includes(name)) return bytesOf(name);
    return undefined;
  }

  /** Inlines a function of a contract or library; returns its result (null for no result). */
  callFunction(decl: ContractDecl, name: string, args: Value[], ctx: ThisCtx | null, at: Loc): Value | null {
    const fn = decl.functions.find((f) => f.name === name);
    if (!fn) throw new CompileError(`'${decl.name}' has no function '${name}'`, at);
    if (fn.visibility === 'Public' && decl.kind === 'Contract') throw new CompileError(`public function '${name}' cannot be called`, at);
    if (!fn.isStatic && !ctx) throw new CompileError(`'${name}' is not static`, at);
    if (args.length !== fn.params.length) throw new CompileError(`'${name}' takes ${fn.params.length} arguments but got ${args.length}`, at);
    if (++this.depth > MAX_INLINE_DEPTH) throw new CompileError(`recursion in '${name}' is not supported`, at);
    const saved = { scopes: this.scopes, thisCtx: this.thisCtx, current: this.current, assigned: this.assigned };
    try {
      const assigned = assignedNames(fn.body);
      const scope = new Map<string, Value>();
      fn.params.forEach((p, i) => {
        const type = this.resolveType(p.type);
        this.check(type, args[i], at);
        const mutable = assigned.has(p.name) || type.kind === 'library';
        scope.set(p.name, this.materialize(this.retype(args[i], type), mutable));
      });
      this.scopes = [scope];
      this.thisCtx = fn.isStatic ? null : ctx;
      this.current = decl;
      this.assigned = assigned;
      const body = [...fn.body];
      const last = body[body.length - 1];
      const ret = last && last.kind === 'return' ? (body.pop() as Extract<Stmt, { kind: 'return' }>) : null;
      for (const s of body) if (containsReturn(s)) throw new CompileError('return is only allowed as the last statement of a function', s.loc);
      this.scopes.push(new Map());
      this.stmts(body);
      if (!ret || !ret.value) {
        if (fn.returnType) throw new CompileError(`function '${name}' must end with a return`, fn.loc);
        return null;
      }
      const type = fn.returnType ? this.resolveType(fn.returnType) : undefined;
      const v = this.expr(ret.value, type);
      if (type) this.check(type, v, ret.value.loc);
      return type ? this.retype(v, type) : v;
    } finally {
      this.depth--;
      this.scopes = saved.scopes;
      this.thisCtx = saved.thisCtx;
      this.current = saved.current;
      this.assigned = saved.assigned;
    }
  }

  private construct(lib: ContractDecl, args: Value[], at: Loc): Value {
    const type = this.resolveType({ kind: 'named', name: lib.name, loc: at }) as Extract<SType, { kind: 'library' }>;
    const ctx: ThisCtx = { decl: lib, props: new Map() };
    if (lib.constructor) {
      const ctorFn: FunctionDecl = { ...lib.constructor, name: '__ctor', isStatic: false, visibility: 'Private' };
      const tmp: ContractDecl = { ...lib, functions: [ctorFn] };
      this.callFunction(tmp, '__ctor', args, ctx, at);
    } else {
      if (args.length !== lib.properties.length) throw new CompileError(`'${lib.name}' takes ${lib.properties.length} arguments`, at);
      lib.properties.forEach((p, i) => ctx.props.set(p.name, args[i]));
    }
    const fields = lib.properties.map((p) => {
      const v = ctx.props.get(p.name);
      if (!v) throw new CompileError(`constructor of '${lib.name}' does not assign '${p.name}'`, at);
      return this.read(v);
    });
    return { kind: 'struct', type, fields };
  }

  /**
   * Utils.buildOutput(this.getStateScript(), amount) (what buildStateOutput does): the varint
   * prefix goes into the state script's own statement, so functions sharing it share that too.
   */
  private stateOutput(e: Extract<Expr, { kind: 'call' }>): Value | null {
    const [first] = e.args;
    const direct = e.args.length === 2 && first.kind === 'call' && first.args.length === 0 && first.callee.kind === 'member'
      && first.callee.object.kind === 'this' && first.callee.name === 'getStateScript';
    if (!direct || this.branchDepth > 0) return null;
    const [script, amount] = this.seq(e.args, [BYTES, INT]);
    const last = this.out[this.out.length - 1];
    const id = script.kind === 'scalar' && script.ir.k === 'var' ? script.ir.id : -1;
    if (!last || last.k !== 'let' || last.id !== id || this.method.stateScript !== id) {
      return this.callFunction(this.contracts.get('Utils')!, 'buildOutput', [script, amount], null, e.loc);
    }
    this.check(INT, amount, e.args[1].loc);
    last.e = ops([last.e], ...WRITE_VARINT);
    return scalar(BYTES, F.concat(F.toBin((amount as { ir: IR }).ir, { k: 'const', v: 8n }), { k: 'var', id }));
  }

  /** this.getStateScript(): the code part followed by the serialized current state. */
  private stateScript(ctx: ThisCtx, at: Loc): Value {
    if (this.method.codePart === null) throw new CompileError('getStateScript needs the contract state (a SigHashPreimage parameter)', at);
    const values = ctx.decl.properties.filter((p) => p.state).map((p) => {
      const v = ctx.props.get(p.name);
      if (!v) throw new CompileError(`state property '${p.name}' is not available`, at);
      return this.read(v);
    });
    const script = this.state.encode({ k: 'var', id: this.method.codePart }, values);
    this.method.stateScriptCalls++;
    if (this.branchDepth > 0) return scalar(BYTES, script);
    // computed here, as its own statement: functions that all do this can share the code
    const id = this.nextId++;
    this.out.push({ k: 'let', id, e: script });
    this.method.stateScript = id;
    return scalar(BYTES, { k: 'var', id });
  }
}

function readsAny(e: IR, ids: Set<number>): boolean {
  if (e.k === 'var') return ids.has(e.id);
  if (e.k === 'ops') return e.args.some((a) => readsAny(a, ids));
  return false;
}


