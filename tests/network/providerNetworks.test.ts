import { expect } from 'chai'
import { NETWORK_DEFAULTS, NetworkConfigError, parseNetworkName, parseRpcUrl, resolveNetwork } from '../../network/networks'

describe('networks', () => {
  it('defaults to the devnet on 127.0.0.1:18332 with divvy/divvy', () => {
    const devnet = resolveNetwork({}, {})
    expect(devnet).to.deep.equal(NETWORK_DEFAULTS.devnet)
    expect(devnet).to.include({ name: 'devnet', kind: 'node', addressFormat: 'testnet', rpcUrl: 'http://divvy:divvy@127.0.0.1:18332' })
  })

  it('maps every network to its kind and services', () => {
    expect(resolveNetwork({ network: 'regtest' }, {})).to.include({ kind: 'node', addressFormat: 'testnet' })
    // The devnet's indexer port is not regtest's: without --indexer, regtest gets an index in the home.
    expect(resolveNetwork({ network: 'regtest' }, {}).indexerUrl).to.equal(undefined)
    expect(resolveNetwork({ network: 'regtest', indexer: 'http://127.0.0.1:9' }, {})).to.include({ indexerUrl: 'http://127.0.0.1:9', indexerGiven: true })
    expect(resolveNetwork({ network: 'testnet' }, {})).to.include({ kind: 'public', addressFormat: 'testnet', wocUrl: 'https://api.whatsonchain.com/v1/bsv/test' })
    const mainnet = resolveNetwork({ network: 'mainnet' }, {})
    expect(mainnet).to.include({ kind: 'public', addressFormat: 'mainnet', arcUrl: 'https://arc.gorillapool.io', wocUrl: 'https://api.whatsonchain.com/v1/bsv/main' })
    expect(mainnet.rpcUrl).to.equal(undefined)
  })

  it('refuses an unknown network name, listing the known ones', () => {
    expect(() => parseNetworkName('main')).to.throw(NetworkConfigError, "unknown network 'main': expected one of devnet, regtest, testnet, mainnet")
    expect(() => resolveNetwork({ network: 'Testnet' }, {})).to.throw(NetworkConfigError, /unknown network 'Testnet'/)
  })

  it('takes --rpc for devnet and regtest, checks it, and never prints its password', () => {
    expect(resolveNetwork({ network: 'regtest', rpc: 'http://u:p@10.0.0.2:18443' }, {}).rpcUrl).to.equal('http://u:p@10.0.0.2:18443')
    expect(parseRpcUrl('https://a:b@node.example:8332')).to.equal('https://a:b@node.example:8332')
    expect(() => parseRpcUrl('http://u:secret@127.0.0.1')).to.throw(NetworkConfigError, "--rpc 'http://u:***@127.0.0.1' has no port")
    expect(() => parseRpcUrl('127.0.0.1:18332')).to.throw(NetworkConfigError, "--rpc '127.0.0.1:18332' is not a URL: expected http://host:port")
    expect(() => parseRpcUrl('not a url')).to.throw(NetworkConfigError, "--rpc 'not a url' is not a URL")
    expect(() => parseRpcUrl('ftp://u:secret@host:21')).to.throw(NetworkConfigError, "--rpc 'ftp://u:***@host:21' must start with http:// or https://")
    expect(() => parseRpcUrl('http://h:1/wallet/x')).to.throw(NetworkConfigError, /must not have a path/)
  })

  it('refuses options that do not apply to the network', () => {
    expect(() => resolveNetwork({ network: 'testnet', rpc: 'http://u:p@127.0.0.1:18332' }, {})).to.throw(NetworkConfigError, '--rpc applies to devnet and regtest, not testnet')
    expect(() => resolveNetwork({ network: 'devnet', arc: 'https://arc.example' }, {})).to.throw(NetworkConfigError, '--arc applies to testnet and mainnet, not devnet')
  })

  it('takes ARC and WhatsOnChain URLs and keys from options or the environment', () => {
    const fromEnv = resolveNetwork({ network: 'mainnet' }, { DIVVY_ARC_API_KEY: 'arc-env', DIVVY_WOC_API_KEY: 'woc-env' })
    expect(fromEnv).to.include({ arcApiKey: 'arc-env', wocApiKey: 'woc-env' })
    const fromArgs = resolveNetwork({ network: 'testnet', arc: 'https://arc.example/', arcKey: 'k', woc: 'http://127.0.0.1:3000/v1/bsv/test' }, { DIVVY_ARC_API_KEY: 'ignored' })
    expect(fromArgs).to.include({ arcUrl: 'https://arc.example', arcApiKey: 'k', wocUrl: 'http://127.0.0.1:3000/v1/bsv/test' })
  })
})
