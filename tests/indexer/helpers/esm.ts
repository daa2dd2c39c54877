// js-1sat-ord and its dependency satoshi-token ship as ES modules only, which a CommonJS
// require() cannot load; TypeScript would turn `import()` into require(), so go around it.
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>

/** js-1sat-ord and the ES-module build of @bsv/sdk it works with (their classes must match). */
export async function loadOneSatOrd (): Promise<{ ord: typeof import('js-1sat-ord'), sdk: typeof import('@bsv/sdk') }> {
  const [ord, sdk] = await Promise.all([importEsm('js-1sat-ord'), importEsm('@bsv/sdk')])
  return { ord, sdk }
}
