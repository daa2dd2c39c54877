import * as dns from 'dns'
import { Agent } from 'https'
import { HttpClient, PaymailClient } from '@bsv/paymail'

/** @bsv/paymail's HTTP client with an HTTPS agent of ours (a certificate to trust). */
class AgentHttpClient extends HttpClient {
  constructor (private readonly agent: Agent) { super(15_000) }
  async request (url: string, options: any = { method: 'GET' }): Promise<Response> {
    return await super.request(url, { ...options, agent: this.agent })
  }
}

/**
 * A paymail's public key, through @bsv/paymail's client: the domain's `_bsvalias._tcp` SRV
 * record by the system's resolver (none: the domain itself on 443), its capabilities, its
 * PKI. `ca` is a PEM certificate to trust besides the system's (a test's or a private CA's).
 */
export function pkiLookup (ca?: Buffer | string): (paymail: string) => Promise<{ handle: string, pubkey: string }> {
  const http = ca !== undefined ? new AgentHttpClient(new Agent({ ca })) : undefined
  const client = new PaymailClient(http, { dns })
  return async paymail => await client.getPki(paymail)
}
