import { satoshisToBsv } from './bsvAmount'
import type { HandCashConfig } from './HandCashConfig'
import { handcashInstance, sdkError, type SdkResult } from './HandCashSdk'

export interface PayLink { id: string, url: string }

/**
 * A fixed-amount HandCash pay link (a Payment Request: HandCash requires `sendAmount`) whose
 * receiver is the token's collector, with a webhook to the service. Created with the SDK's
 * client on the route its source defines (`POST /v3/paymentRequests/`, the app's id and
 * secret; the published 1.0.3 package predates its PaymentRequests helpers).
 */
export async function createPayLink (config: HandCashConfig, o: { token: string, collector: string, satoshis: bigint, name: string, webhookUrl: string }): Promise<PayLink> {
  if (o.satoshis < 1n) throw new Error('a pay link asks for at least 1 satoshi')
  const { client } = await handcashInstance(config)
  const answer = await client.post({
    url: '/v3/paymentRequests/',
    headers: { 'Content-Type': 'application/json' },
    body: {
      product: { name: o.name, description: `Pays the holders of $${o.token}` },
      instrumentCurrencyCode: 'BSV',
      receivers: [{ destination: o.collector, sendAmount: satoshisToBsv(o.satoshis) }],
      expirationType: 'never',
      notifications: { webhook: { webhookUrl: o.webhookUrl, customParameters: { token: o.token } } }
    }
  }) as SdkResult<{ id: string, paymentRequestUrl: string }>
  if (answer.data === undefined) throw new Error(`creating the pay link: ${sdkError(answer)}`)
  return { id: answer.data.id, url: answer.data.paymentRequestUrl }
}
