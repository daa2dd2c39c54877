// js-1sat-ord's CommonJS build requires an ES-only dependency (satoshi-token), so it can
// only be loaded as an ES module. TypeScript compiles `import()` to `require()` under
// commonjs; a Function keeps Node's real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>

let loaded: Promise<typeof import('js-1sat-ord')> | undefined

/** js-1sat-ord, loaded once as an ES module. */
export function js1SatOrd (): Promise<typeof import('js-1sat-ord')> {
  loaded ??= importEsm('js-1sat-ord')
  return loaded
}
