import type { Output } from '../scripts/cli/Command'
import type { DivvyContext } from '../scripts/cli/DivvyContext'
import { eventLog } from './EventLog'
import { Forwarder } from './handcash/Forwarder'
import { handcashWebhook } from './handcash/Webhook'
import { Service, type ServiceOptions } from './Service'

export type RunOptions = Omit<ServiceOptions, 'ctx' | 'log' | 'sources' | 'webhook' | 'waiting'> & { json: boolean }

/**
 * `divvy serve`: starts the service and keeps it until SIGINT or SIGTERM, then stops it cleanly.
 * The handlers are in place before the service starts: a signal that came before them would end
 * the process the operating system's way, and one that comes while it starts stops it once started.
 * A second signal ends the process at once.
 */
export async function runService (ctx: DivvyContext, options: RunOptions, out: Output): Promise<void> {
  const log = eventLog(out, options.json)
  let signalled: string | undefined
  let wake: (() => void) | undefined
  const stop = (signal: string): void => {
    signalled = signal
    log('service.stopping', { signal })
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
    wake?.()
  }
  const onInt = (): void => { stop('SIGINT') }
  const onTerm = (): void => { stop('SIGTERM') }
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  try {
    const service = await Service.start({
      ...options,
      ctx,
      log,
      sources: [parts => new Forwarder(parts.ctx, parts.store, parts.payments, parts.log, parts.metrics)],
      webhook: handcashWebhook
    })
    if (signalled === undefined) await new Promise<void>(resolve => { wake = resolve })
    await service.stop()
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}
