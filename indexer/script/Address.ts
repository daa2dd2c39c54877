import { Utils } from '@bsv/sdk'

/** Base58Check version bytes of P2PKH addresses. */
export const MAINNET_P2PKH = 0x00
export const TESTNET_P2PKH = 0x6f

export type AddressNetwork = 'mainnet' | 'testnet' | 'regtest'

export function addressVersion (network: AddressNetwork): number {
  return network === 'mainnet' ? MAINNET_P2PKH : TESTNET_P2PKH
}

/** The address of a pkh for a network (regtest uses testnet addresses). */
export function pkhToAddress (pkh: Buffer, network: AddressNetwork): string {
  return Utils.toBase58Check(Array.from(pkh), [addressVersion(network)])
}

/** The pkh of a mainnet or testnet P2PKH address; undefined for anything else. */
export function addressToPkh (address: string): Buffer | undefined {
  try {
    const decoded = Utils.fromBase58Check(address)
    const prefix = decoded.prefix as number[]
    const data = decoded.data as number[]
    if (prefix.length !== 1 || (prefix[0] !== MAINNET_P2PKH && prefix[0] !== TESTNET_P2PKH)) return undefined
    if (data.length !== 20) return undefined
    return Buffer.from(data)
  } catch {
    return undefined
  }
}
