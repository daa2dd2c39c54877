/**
 * `divvy/bsv21`: BSV-21 token outputs as js-1sat-ord builds them and 1Sat wallets and indexers
 * read them (a P2PKH-locked 1-satoshi output behind its inscription envelope), and the parsers
 * the indexer reads them with.
 * @packageDocumentation
 */
export { deployMintInscription, transferInscription, tokenOutputScript, DIVVY_SUPPLY, MAX_BSV21_AMOUNT } from '../contracts/offchain/bsv21'
export { inscriptionEnvelope, BSV20_CONTENT_TYPE, type Inscription } from '../contracts/offchain/inscription'
export { parseBsv21, MAX_DECIMALS, type Bsv21Inscription, type Bsv21Parse } from '../indexer/bsv21/Bsv21Inscription'
export { parseEnvelope, type Envelope } from '../indexer/inscription/Envelope'
export { parseOrdLock, type OrdLockListing } from '../indexer/script/OrdLock'
