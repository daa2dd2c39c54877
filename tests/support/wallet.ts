import { bsv, DummyProvider, TestWallet } from 'scrypt-ts'

/** A scrypt-ts TestWallet on the local DummyProvider, funded by the provider's dummy UTXOs. */
export function localSigner (key: bsv.PrivateKey = bsv.PrivateKey.fromRandom('testnet')): TestWallet {
  return new TestWallet(key, new DummyProvider())
}

/** A fresh random testnet key. */
export function randomKey (): bsv.PrivateKey {
  return bsv.PrivateKey.fromRandom('testnet')
}
