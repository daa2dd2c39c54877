import { mkdtempSync, rmSync } from 'fs'
import { tmpdir } from 'os'
import path from 'path'
import { Devnet, DevnetOptions } from '../../network/devnet/Devnet'
import { RpcClient } from '../../network/rpc/RpcClient'

/** A devnet on a free port over a fresh temporary data directory, removed again by `close`. */
export interface TempDevnet {
  devnet: Devnet
  rpc: RpcClient
  dataDir: string
  close: () => Promise<void>
}

export async function startTempDevnet (options: Partial<DevnetOptions> = {}): Promise<TempDevnet> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'divvy-devnet-'))
  const devnet = await Devnet.start({ port: 0, ...options, dataDir })
  return {
    devnet,
    rpc: new RpcClient({ url: devnet.rpcUrl, network: 'devnet' }),
    dataDir,
    close: async () => {
      await devnet.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
