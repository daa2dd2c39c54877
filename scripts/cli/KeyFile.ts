import * as fs from 'fs'
import * as path from 'path'
import { bsv } from 'scrypt-ts'

const KEY_NAME = /^[A-Za-z0-9_-]{1,40}$/

/** How long a writer waits for another process's lock on the key file before giving up. */
const LOCK_WAIT_MS = 10_000

/**
 * The key file of a Divvy home: named private keys (WIF), `{ "keys": { <name>: <WIF> } }`,
 * created on first use with mode 0600. Keys are never printed; commands show addresses only.
 *
 * A key file may hold the only copy of keys that own tokens and coins, so it is used only
 * when every byte of it is understood: exactly that shape, every name a key name, every
 * value a WIF key of this home's network. Anything else is refused with a one-line error
 * naming the file, and the file is never written (a valid JSON of another shape, such as
 * `{ "default": "<WIF>" }`, would otherwise be replaced by new keys and the old ones lost).
 * A new key is added under a lock, to the file as it is on disk at that moment, so two
 * commands creating keys at once never drop each other's.
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
    if (!KEY_NAME.test(name)) throw new Error(`bad key name '${name}': use letters, digits, '-' and '_'`)
    const wif = this.read()[name]
    if (wif !== undefined) return bsv.PrivateKey.fromWIF(wif)
    return this.locked(() => {
      // Read again under the lock: another command may have added keys since.
      const keys = this.read()
      const existing = keys[name]
      if (existing !== undefined) return bsv.PrivateKey.fromWIF(existing)
      const key = bsv.PrivateKey.fromRandom(this.network)
      keys[name] = key.toWIF()
      this.write(keys)
      return key
    })
  }

  /** Names of the keys in the file. */
  names (): string[] {
    return Object.keys(this.read())
  }

  /** The keys, checked to be exactly a Divvy key file of this network; throws a one-line error naming the file otherwise. */
  private read (): Record<string, string> {
    if (!fs.existsSync(this.file)) return {}
    const mode = fs.statSync(this.file).mode & 0o077
    if (mode !== 0) throw new Error(`${this.file} is readable by others (mode ${(fs.statSync(this.file).mode & 0o777).toString(8)}): run chmod 600 on it`)
    const refuse = (why: string): Error => new Error(`${this.file} is not a Divvy key file (${why}); it was left untouched: move it away or repair it`)
    let parsed: unknown
    try {
      parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'))
    } catch {
      throw refuse('bad JSON')
    }
    if (!isPlainObject(parsed)) throw refuse('expected {"keys": {<name>: <WIF>}}')
    const extra = Object.keys(parsed).filter(k => k !== 'keys')
    if (extra.length > 0 || !isPlainObject(parsed.keys)) throw refuse(`expected {"keys": {<name>: <WIF>}}, found ${extra.length > 0 ? `'${extra[0]}'` : 'no "keys" object'}`)
    const keys: Record<string, string> = {}
    for (const [name, wif] of Object.entries(parsed.keys)) {
      if (!KEY_NAME.test(name)) throw refuse(`'${name.slice(0, 40)}' is not a key name`)
      if (typeof wif !== 'string') throw refuse(`key '${name}' is not a WIF string`)
      let key: bsv.PrivateKey
      try { key = bsv.PrivateKey.fromWIF(wif) } catch { throw refuse(`key '${name}' is not a valid WIF private key`) }
      if (key.network.name !== (this.network === 'mainnet' ? 'livenet' : 'testnet')) throw new Error(`key '${name}' in ${this.file} is not a ${this.network} key; the file was left untouched`)
      keys[name] = wif
    }
    return keys
  }

  // Written to a temp file, flushed and renamed, so a crash never leaves a half-written key file.
  private write (keys: Record<string, string>): void {
    const tmp = `${this.file}.${process.pid}.tmp`
    const fd = fs.openSync(tmp, 'w', 0o600)
    try {
      fs.writeSync(fd, JSON.stringify({ keys }, null, 2) + '\n')
      fs.fsyncSync(fd)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, this.file)
  }

  /** Runs `work` holding `<file>.lock` (created exclusively; a lock whose process is gone is taken over). */
  private locked<T> (work: () => T): T {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 })
    const lock = `${this.file}.lock`
    const until = Date.now() + LOCK_WAIT_MS
    for (;;) {
      try {
        fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 })
        break
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        if (!holderAlive(lock)) { fs.rmSync(lock, { force: true }); continue }
        if (Date.now() > until) throw new Error(`${lock} is held by another divvy command (process ${fs.readFileSync(lock, 'utf8')}); wait for it, or remove the lock if no divvy runs`)
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2)
      }
    }
    try {
      return work()
    } finally {
      fs.rmSync(lock, { force: true })
    }
  }
}

function isPlainObject (v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Whether a lock file is held: true while its process runs, while it is being written (empty,
 * young), or when it vanished meanwhile (try again). Only a lock of a process that is gone, and
 * old enough that no waiter could have just re-created it, is stale.
 */
function holderAlive (lock: string): boolean {
  let text: string
  let made: fs.Stats | undefined
  try {
    text = fs.readFileSync(lock, 'utf8')
    made = fs.statSync(lock, { throwIfNoEntry: false })
  } catch {
    return true
  }
  if (made === undefined) return true
  const young = Date.now() - made.mtimeMs < 2000
  if (text === '') return young
  const pid = Number(text)
  if (!Number.isInteger(pid) || pid <= 0) return young
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' || young
  }
}
