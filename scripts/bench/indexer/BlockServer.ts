import { RpcCode, RpcFailure } from '../../../network/devnet/RpcFailure'
import type { RpcMethod } from '../../../network/devnet/RpcMethod'
import { RpcServer } from '../../../network/devnet/RpcServer'
import type { RawBlock } from './BlockAssembler'

/**
 * Serves pre-built blocks over bitcoind's JSON-RPC (the devnet's transport), with just the
 * calls the indexer's follower makes: getblockcount, getblockhash, getblock (raw hex) and an
 * empty mempool. Lets the real follower index blocks that were never mined one transaction
 * at a time through a node.
 */
export class BlockServer {
  private constructor (private readonly server: RpcServer, readonly rpcUrl: string) {}

  static async start (blocks: RawBlock[]): Promise<BlockServer> {
    const byHash = new Map(blocks.map(b => [b.hash, b]))
    const method = (name: string, min: number, max: number, run: RpcMethod['run']): [string, RpcMethod] => [name, { args: [], min, max, help: `${name}\n`, run }]
    const methods = new Map<string, RpcMethod>([
      method('getblockcount', 0, 0, () => blocks.length - 1),
      method('getblockhash', 1, 1, p => {
        const height = p.int(0)
        if (height < 0 || height >= blocks.length) throw new RpcFailure(RpcCode.INVALID_PARAMETER, 'Block height out of range')
        return blocks[height].hash
      }),
      method('getblock', 1, 2, p => {
        const block = byHash.get(p.looseHash(0) ?? '')
        if (block === undefined) throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Block not found')
        return block.raw.toString('hex')
      }),
      method('getrawmempool', 0, 1, () => [])
    ])
    const server = new RpcServer(methods, 'bench', 'bench')
    const port = await server.listen(0, '127.0.0.1')
    return new BlockServer(server, `http://bench:bench@127.0.0.1:${port}`)
  }

  async stop (): Promise<void> {
    await this.server.close()
  }
}
