import * as fs from 'fs'
import * as path from 'path'
import { bsv } from 'scrypt-ts'

/**
 * The key file of a Divvy home: named private keys (WIF), created on first use with mode
 * 0600. Keys are never printed; commands show addresses only.
 */
export class KeyFile {
  readonly file: string
  private readonly network: 'testnet' | 'mainnet'

  constructor (file: string, network: 'testnet' | 'mainnet') {
    this.file = file
    this.network = network
  }

  /** The key called `name`, made and saved if it does not exist yet. */
  key (name: string): bsv.PrivateKey {
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(name)) throw new Error(`bad key name '${name}': use letters, digits, '-' and '_'`)
    const keys = this.read()
    const wif = keys[name]
    if (wif !== undefined) {
      let key: bsv.PrivateKey
      try { key = bsv.PrivateKey.fromWIF(wif) } catch { throw new Error(`key '${name}' in ${this.file} is not a valid WIF private key (damaged?); it was left untouched`) }
      if (key.network.name !== (this.network === 'mainnet' ? 'livenet' : 'testnet')) throw new Error(`key '${name}' in ${this.file} is not a ${this.network} key`)
      return key
    }
    const key = bsv.PrivateKey.fromRandom(this.network)
    keys[name] = key.toWIF()
    this.write(keys)
    return key
  }

  /** Names of the keys in the file. */
  names (): string[] {
    return Object.keys(this.read())
  }

  private read (): Record<string, string> {
    if (!fs.existsSync(this.file)) return {}
    const mode = fs.statSync(this.file).mode & 0o077
    if (mode !== 0) throw new Error(`${this.file} is readable by others (mode ${(fs.statSync(this.file).mode & 0o777).toString(8)}): run chmod 600 on it`)
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { keys?: Record<string, string> }
      return { ...(parsed.keys ?? {}) }
    } catch {
      throw new Error(`${this.file} is not a Divvy key file (bad JSON); it was left untouched`)
    }
  }

  // Written to a temp file and renamed, so a crash never leaves a half-written key file.
  private write (keys: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 })
    const tmp = `${this.file}.${process.pid}.tmp`
    fs.writeFileSync(tmp, JSON.stringify({ keys }, null, 2) + '\n', { mode: 0o600 })
    fs.renameSync(tmp, this.file)
  }
}
