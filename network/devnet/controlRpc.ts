import { LockingScript, P2PKH, Utils } from '@bsv/sdk'
import { Regtest } from './ChainParams'
import { MAX_MEMPOOL_BYTES } from './mempoolRpc'
import { helpText, NodeParts, RpcMethod } from './RpcMethod'
import { RpcCode, RpcFailure } from './RpcFailure'
import { valueFromAmount } from './RpcJson'

/** The devnet's version, as getnetworkinfo reports the node's. */
const VERSION = 101020200
const MAX_U32 = 0xffffffff

/** getnetworkinfo, getsettings, generatetoaddress, uptime and stop. */
export function controlMethods (node: NodeParts): Record<string, RpcMethod> {
  const { acceptor, miner } = node
  const policy = acceptor.policy
  const miningFee = (): ReturnType<typeof valueFromAmount> => valueFromAmount(BigInt(Math.round(policy.miningFeeRate)))
  return {
    getnetworkinfo: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getnetworkinfo', 'Version and network state. relayfee is 0, as on the node (which has no relay fee any more): the fee that gets a transaction mined is getsettings\' minminingtxfee.'),
      run: () => ({
        version: VERSION,
        subversion: '/Bitcoin SV:1.2.2(divvy-devnet)/',
        protocolversion: 70016,
        localservices: '0000000000000025',
        localrelay: true,
        timeoffset: 0,
        txnpropagationfreq: 250,
        txnpropagationqlen: 0,
        networkactive: false,
        connections: 0,
        addresscount: 0,
        streampolicies: 'BlockPriority,Default',
        networks: [],
        relayfee: valueFromAmount(0n),
        minconsolidationfactor: 20,
        maxconsolidationinputscriptsize: 150,
        minconfconsolidationinput: 6,
        minconsolidationinputmaturity: 6,
        acceptnonstdconsolidationinput: false,
        localaddresses: [],
        warnings: ''
      })
    },
    getsettings: {
      args: [],
      min: 0,
      max: 0,
      help: helpText('getsettings', 'The policy and consensus settings blocks and transactions are built under; minminingtxfee (BSV/kB) is what a transaction must pay to be mined.'),
      run: () => ({
        excessiveblocksize: 4_000_000_000,
        blockmaxsize: 128_000_000,
        maxtxsizepolicy: 10_000_000,
        maxorphantxsize: 1_000_000_000,
        datacarriersize: MAX_U32,
        maxscriptsizepolicy: 500_000,
        maxopsperscriptpolicy: MAX_U32,
        maxscriptnumlengthpolicy: 10_000,
        maxpubkeyspermultisigpolicy: MAX_U32,
        maxtxsigopscountspolicy: MAX_U32,
        maxstackmemoryusagepolicy: 100_000_000,
        maxstackmemoryusageconsensus: 100_000_000,
        limitancestorcount: policy.limits.ancestors,
        limitcpfpgroupmemberscount: policy.limits.cpfpGroupMembers,
        maxmempool: MAX_MEMPOOL_BYTES,
        maxmempoolsizedisk: 0,
        mempoolmaxpercentcpfp: 10,
        acceptnonstdoutputs: true,
        datacarrier: true,
        minminingtxfee: miningFee(),
        maxstdtxvalidationduration: 3,
        maxnonstdtxvalidationduration: 1000,
        maxtxchainvalidationbudget: 50,
        validationclockcpu: true,
        minconsolidationfactor: 20,
        maxconsolidationinputscriptsize: 150,
        minconfconsolidationinput: 6,
        minconsolidationinputmaturity: 6,
        acceptnonstdconsolidationinput: false
      })
    },
    generatetoaddress: {
      args: ['nblocks', 'address', 'maxtries'],
      min: 2,
      max: 3,
      help: helpText('generatetoaddress nblocks address (maxtries)', 'Mines nblocks blocks now, the coinbase paid to address; answers their hashes.'),
      run: async (p) => {
        const count = p.int(0)
        if (p.has(2)) p.int(2)
        const payTo = payToAddress(p.str(1))
        return await miner.generate(Math.max(0, count), payTo)
      }
    },
    uptime: {
      args: [],
      min: 0,
      max: 1,
      help: helpText('uptime', 'Seconds since the devnet started.'),
      run: () => Math.max(0, Math.floor(Date.now() / 1000) - node.startedAt)
    },
    stop: {
      args: [],
      min: 0,
      max: 1,
      help: helpText('stop', 'Stops the devnet.'),
      run: () => {
        node.requestStop()
        return 'Bitcoin server stopping'
      }
    }
  }
}

/** The P2PKH locking script of a regtest address; -5 "Error: Invalid address" as the node answers. */
export function payToAddress (address: string): LockingScript {
  try {
    const decoded = Utils.fromBase58Check(address)
    const prefix = decoded.prefix as number[]
    if (prefix.length !== 1 || prefix[0] !== Regtest.addressPrefix || (decoded.data as number[]).length !== 20) throw new Error('not regtest P2PKH')
    return new P2PKH().lock(decoded.data as number[])
  } catch {
    throw new RpcFailure(RpcCode.INVALID_ADDRESS_OR_KEY, 'Error: Invalid address')
  }
}
