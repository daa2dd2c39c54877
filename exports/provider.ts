/**
 * `divvy/provider`: the scrypt-ts `Provider` for every network (the devnet, a real
 * `bitcoind -regtest`, testnet and mainnet through ARC and WhatsOnChain), so that
 * `contract.connect(signer)`, `deploy()` and `methods.x()` work as in any scrypt-ts project,
 * and the network settings it is made from.
 * @packageDocumentation
 */
export { DivvyProvider, type DivvyProviderOptions, type ChainWait } from '../network/provider/DivvyProvider'
export {
  resolveNetwork, parseNetworkName, parseRpcUrl, NetworkConfigError, NETWORK_NAMES, NETWORK_DEFAULTS, DEVNET_RPC_URL, DEFAULT_INDEXER_URL,
  type NetworkName, type NetworkKind, type NetworkSettings, type NetworkArgs
} from '../network/networks'
export { RpcClient, type RpcClientOptions } from '../network/rpc/RpcClient'
export { RpcError, type RpcFailureKind } from '../network/rpc/RpcError'
