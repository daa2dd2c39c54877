import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import { join } from 'path'
import { Devnet } from '../../network/devnet/Devnet'

/**
 * A devnet serving JSON-RPC on a free port that several homes (and processes) share, and
 * temp dirs for those homes; `stop` removes them all. Call `start` in a mocha `before`.
 */
export class SharedDevnet {
  devnet!: Devnet
  private readonly dirs: string[] = []

  async start (prefix: string): Promise<this> {
    this.devnet = await Devnet.start({ dataDir: this.temp(`${prefix}-node-`), port: 0 })
    return this
  }

  get rpcUrl (): string { return this.devnet.rpcUrl }

  temp (prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    this.dirs.push(dir)
    return dir
  }

  async stop (): Promise<void> {
    await this.devnet?.stop()
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true })
  }
}
