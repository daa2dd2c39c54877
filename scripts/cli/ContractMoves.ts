import { InputSpentError } from '../../network/provider/InputSpentError'

/** Where a stateful contract stands: the output a call must spend. */
export interface ContractAt { txid: string, vout: number }

/**
 * Runs `call` on the contract's current output (`locate` finds it). When the call is
 * refused because someone else spent that output first (the contract moved: another
 * deposit, a crank), it says so through `progress` and, where running the call again is
 * safe (`retry`), runs it again on the output the contract moved to, up to `tries` times;
 * otherwise the error says the contract moved, never only "Missing inputs".
 */
export async function onCurrentOutput<L extends ContractAt, T> (options: {
  what: string
  locate: (attempt: number) => Promise<L>
  call: (located: L) => Promise<T>
  retry: boolean
  progress: (line: string) => void
  tries?: number
}): Promise<T> {
  const tries = options.tries ?? 3
  for (let attempt = 1; ; attempt++) {
    const located = await options.locate(attempt)
    try {
      return await options.call(located)
    } catch (e) {
      if (!(e instanceof InputSpentError) || e.txid !== located.txid || e.vout !== located.vout) throw e
      const moved = `${options.what} moved: someone else spent its output ${located.txid}_${located.vout} first (${e.where === 'mempool' ? 'their transaction waits in the mempool' : 'in a block'})`
      if (!options.retry || attempt >= tries) throw new Error(`${moved}; run the command again to use its new output`)
      options.progress(`${moved}; trying again on its new output`)
    }
  }
}
