/**
 * `divvy/devnet`: an embedded Bitcoin SV regtest node that runs inside your process (blocks,
 * mempool and UTXO set in LevelDB, every input verified with @bsv/sdk's interpreter under the
 * node's policy, bitcoind's JSON-RPC), alone or with the Divvy indexer following it.
 * @packageDocumentation
 */
export { Devnet, DEFAULT_DEVNET_PORT, type DevnetOptions } from '../network/devnet/Devnet'
export { fundKey, regtestAddressOf, bsvToSatoshis, type FundedUtxo } from '../network/devnet/fundedKey'
export { EmbeddedDevnet, type EmbeddedDevnetOptions } from '../scripts/cli/EmbeddedDevnet'
export { RpcClient, type RpcClientOptions } from '../network/rpc/RpcClient'
