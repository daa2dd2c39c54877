// js-1sat-ord and its dependency satoshi-token ship as ES modules only, which a CommonJS
// require() cannot load; TypeScript compiles `import()` to require() under commonjs, so a
// Function keeps Node's real dynamic import.

const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>

/** js-1sat-ord and the ES-module build of @bsv/sdk it works with (their classes must match). */
export interface OneSatOrd {
  ord: typeof import('js-1sat-ord')
  sdk: typeof import('@bsv/sdk')
}

let loaded: Promise<OneSatOrd> | undefined

/** Loads js-1sat-ord and its @bsv/sdk once per process. */
export async function loadOneSatOrd (): Promise<OneSatOrd> {
  loaded ??= Promise.all([importEsm('js-1sat-ord'), importEsm('@bsv/sdk')]).then(([ord, sdk]) => ({ ord, sdk }))
  return await loaded
}
