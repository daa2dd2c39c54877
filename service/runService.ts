import type { Output } from '../scripts/cli/Command'
import type { DivvyContext } from '../scripts/cli/DivvyContext'
import { eventLog } from './EventLog'
import { Forwarder } from './handcash/Forwarder'
import { handcashWebhook } from './handcash/Webhook'
import { Service, type ServiceOptions } from './Service'

export type RunOptions = Omit<ServiceOptions, 'ctx' | 'log' | 'sources' | 'webhook' | 'waiting'> & { json: boolean }

/** `divvy serve`: starts the service and keeps it until SIGINT or SIGTERM, then stops it cleanly. */
export async function runService (ctx: DivvyContext, options: RunOptions, out: Output): Promise<void> {
  const log = eventLog(out, options.json)
  const service = await Service.start({
    ...options,
    ctx,
    log,
    sources: [parts => new Forwarder(parts.ctx, parts.store, parts.payments, parts.log, parts.metrics)],
    webhook: handcashWebhook
  })
  await new Promise<void>(resolve => {
    const stop = (signal: string): void => {
      log('service.stopping', { signal })
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      resolve()
    }
    const onInt = (): void => { stop('SIGINT') }
    const onTerm = (): void => { stop('SIGTERM') }
    process.on('SIGINT', onInt)
    process.on('SIGTERM', onTerm)
  })
  await service.stop()
}
