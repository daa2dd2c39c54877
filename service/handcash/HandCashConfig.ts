import * as fs from 'fs'
import * as path from 'path'

/**
 * A home's HandCash connection, in `<home>/handcash.json` (mode 0600, like the key file): the
 * app's id and secret from HandCash's developer dashboard, the owner's authorization (the
 * auth token HandCash Connect hands back with PAY and READ_BALANCE), the token whose collector
 * the handle's income is forwarded to, and the reserve left in the wallet.
 */
export interface HandCashConfig {
  appId: string
  appSecret: string
  /** HandCash's API (default https://cloud.handcash.io); a stand-in's in tests. */
  baseUrl?: string
  /** Where HandCash's own pages are (the spend-limit page), default https://app.handcash.io. */
  clientUrl?: string
  authToken?: string
  /** The handle that authorized (from its profile). */
  handle?: string
  /** The token (symbol) the handle's income goes to. */
  token?: string
  /** Satoshis left in the wallet; only what is above is forwarded. */
  reserve: string
  /** Forwards smaller than this wait for more (satoshis). */
  minForward?: string
}

export const DEFAULT_HANDCASH_API = 'https://cloud.handcash.io'
export const DEFAULT_HANDCASH_APP = 'https://app.handcash.io'

export function handcashFile (home: string): string {
  return path.join(home, 'handcash.json')
}

export function readHandCash (home: string): HandCashConfig | undefined {
  const file = handcashFile(home)
  if (!fs.existsSync(file)) return undefined
  if ((fs.statSync(file).mode & 0o077) !== 0) throw new Error(`${file} is readable by others: run chmod 600 on it`)
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HandCashConfig
  } catch {
    throw new Error(`${file} is not a Divvy HandCash connection (bad JSON); it was left untouched`)
  }
}

export function writeHandCash (home: string, config: HandCashConfig): void {
  const file = handcashFile(home)
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(config, null, 2) + '\n', { mode: 0o600 })
  fs.renameSync(tmp, file)
}

/** The page where the owner raises the spend limit (HandCash Connect's getChangeSpendLimitsUrl). */
export function spendLimitUrl (config: HandCashConfig): string {
  return `${config.clientUrl ?? DEFAULT_HANDCASH_APP}/#/settings/spendLimits`
}
