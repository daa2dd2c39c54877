import type { CommandDefinition } from '../Command'

/** A `divvy` command as `divvy --help` lists it; its module is loaded only when it is the one run. */
export interface CommandEntry {
  name: string
  /** One line for `divvy --help`. */
  summary: string
  load: () => Promise<CommandDefinition>
}

/** Every `divvy` command, in the order `divvy --help` shows them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'issue', summary: 'deploy a handle\'s token (1,000,000,000 BSV-21) and its dividend contract', load: async () => (await import('./issue')).issueCommand },
  { name: 'list', summary: 'offer a tranche (at least 200,000 tokens) for sale as an OrdLock listing', load: async () => (await import('./list')).listCommand },
  { name: 'listings', summary: 'the token\'s open listings, cheapest per token first', load: async () => (await import('./listings')).listingsCommand },
  { name: 'buy', summary: 'buy an OrdLock listing of the token', load: async () => (await import('./buy')).buyCommand },
  { name: 'cancel', summary: 'cancel one of the wallet\'s listings (its tokens come back)', load: async () => (await import('./cancel')).cancelCommand },
  { name: 'send', summary: 'send tokens to an address (a BSV-21 transfer)', load: async () => (await import('./send')).sendCommand },
  { name: 'pay', summary: 'pay satoshis into the dividend contract', load: async () => (await import('./pay')).payCommand },
  { name: 'distribute', summary: 'snapshot the holders, propose (or start) a round and pay every batch (or --crank a running round)', load: async () => (await import('./distribute')).distributeCommand },
  { name: 'approve', summary: 'approve the dividend contract\'s pending proposal with the wallet\'s key (from any home, given the token id)', load: async () => (await import('./approve')).approveCommand },
  { name: 'recommit', summary: 'publish and recommit the running round\'s unpaid leaves (operators)', load: async () => (await import('./recommit')).recommitCommand },
  { name: 'end-round', summary: 'end the running round; what is left stays for the next one (operators)', load: async () => (await import('./recommit')).endRoundCommand },
  { name: 'set-operators', summary: 'hand the operator role to a new set of keys and thresholds (operators; the new keys accept)', load: async () => (await import('./setOperators')).setOperatorsCommand },
  { name: 'operator-key', summary: 'print the wallet\'s public key and its proof, for an issuer\'s --operators', load: async () => (await import('./operatorKey')).operatorKeyCommand },
  { name: 'holders', summary: 'the token\'s holders and balances', load: async () => (await import('./holders')).holdersCommand },
  { name: 'audit', summary: 'check every round and payout of the dividend contract against the holders (from any home, given the token id)', load: async () => (await import('./audit')).auditCommand },
  { name: 'status', summary: 'the dividend contract: pool, round, and what has been paid to whom', load: async () => (await import('./status')).statusCommand },
  { name: 'balance', summary: 'the satoshis and tokens of the wallet (or an address)', load: async () => (await import('./balance')).balanceCommand },
  { name: 'serve', summary: 'run the payment service: intake, sweeps into the contract, rounds by policy, paymail, HandCash', load: async () => (await import('./serve')).serveCommand },
  { name: 'payments', summary: 'the payments the service recorded and where each one is', load: async () => (await import('./payments')).paymentsCommand },
  { name: 'connect-handcash', summary: 'authorize the handle\'s HandCash wallet: its income is forwarded to the collector by serve', load: async () => (await import('./connectHandcash')).connectHandcashCommand },
  { name: 'pay-link', summary: 'create a fixed-amount HandCash pay link to the token\'s collector', load: async () => (await import('./payLink')).payLinkCommand },
  { name: 'attest', summary: 'publish the handle\'s signed proof that the token is its own', load: async () => (await import('./attest')).attestCommand },
  { name: 'verify', summary: 'check a token\'s attestation against its handle\'s paymail public key', load: async () => (await import('./verify')).verifyCommand },
  { name: 'fund', summary: 'devnet/regtest: mine coins to a wallet key', load: async () => (await import('./fund')).fundCommand }
]
