import type { HandCashConfig } from './HandCashConfig'

// @handcash/sdk ships as an ES module only, which a CommonJS require() cannot load; TypeScript
// compiles `import()` to require() under commonjs, so a Function keeps Node's real dynamic import.
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>

type Sdk = typeof import('@handcash/sdk')
let loaded: Promise<Sdk> | undefined

/** HandCash's SDK (v3 API), loaded once. */
export async function handcashSdk (): Promise<Sdk> {
  loaded ??= importEsm('@handcash/sdk') as Promise<Sdk>
  return await loaded
}

/** The SDK's answer: data, or HandCash's error with the HTTP status. */
export interface SdkResult<T> { data?: T, error?: unknown, response?: Response }

/** One line from an SDK error: HandCash's message, with its status. */
export function sdkError (result: SdkResult<unknown>): string {
  const e = result.error as { message?: string, info?: unknown } | string | undefined
  const message = typeof e === 'string' ? e : e?.message ?? JSON.stringify(e)
  return `HandCash answered ${result.response?.status ?? '?'}: ${message}`
}

/** The SDK instance of a home's HandCash app (pointed at its baseUrl). */
export async function handcashInstance (config: HandCashConfig): Promise<ReturnType<Sdk['getInstance']>> {
  const sdk = await handcashSdk()
  return sdk.getInstance({ appId: config.appId, appSecret: config.appSecret, ...(config.baseUrl !== undefined ? { baseUrl: config.baseUrl } : {}) })
}
