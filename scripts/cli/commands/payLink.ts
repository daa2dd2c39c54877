import { join } from 'path'
import { defineCommand } from '../Command'
import { collectorKeyName } from '../CollectorKey'
import { KeyFile } from '../KeyFile'
import { UsageError } from '../options'
import { TokenRegistry } from '../TokenRegistry'

export const payLinkCommand = defineCommand({
  name: 'pay-link',
  description: `Creates a HandCash pay link (a fixed-amount Payment Request: "tip 1,000 sats") whose receiver
is the token's collector, with a webhook to the service (POST /handcash/webhook on its public
URL). The webhook is only a hint: the payment counts once its coins reach the collector.
Needs 'divvy connect-handcash' first (the app's id and secret).`,
  options: {
    amount: { kind: 'amount', value: 'sats', required: true, help: 'what the link asks for' },
    name: { kind: 'string', value: 'text', help: 'what the payer sees (default "Pay the holders of $SYMBOL")' },
    'webhook-url': { kind: 'string', value: 'url', required: true, help: 'the service\'s public webhook URL, https://<host>/handcash/webhook' }
  },
  check: options => {
    if (options.amount < 1n) throw new UsageError('pay-link: --amount must be at least 1 satoshi')
    if (!/^https?:\/\//.test(options['webhook-url'])) throw new UsageError('pay-link: --webhook-url must be an http(s) URL')
  },
  offline: async (options, common, out, settings) => {
    const { readHandCash } = await import('../../../service/handcash/HandCashConfig')
    const { createPayLink } = await import('../../../service/handcash/PayLinks')
    const config = readHandCash(common.home)
    if (config === undefined) throw new Error(`${common.home} is not connected to HandCash: run 'divvy connect-handcash' first`)
    const token = new TokenRegistry(join(common.home, 'tokens.json')).find(common.token)
    const keys = new KeyFile(join(common.home, 'keys.json'), settings.addressFormat)
    const name = collectorKeyName(token.symbol)
    if (!keys.names().includes(name)) throw new Error(`this home has no collector key for $${token.symbol}: run 'divvy serve' once`)
    const link = await createPayLink(config, { token: token.symbol, collector: keys.key(name).toAddress().toString(), satoshis: options.amount, name: options.name ?? `Pay the holders of $${token.symbol}`, webhookUrl: options['webhook-url'] })
    out(`pay link ${link.id}: ${link.url} (${options.amount} satoshis to $${token.symbol}'s collector)`)
    return true
  },
  run: async () => { throw new Error('internal: pay-link runs offline') }
})
