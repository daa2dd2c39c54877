import { Transaction } from '@bsv/sdk'
import { parentPort } from 'worker_threads'
import { InputCheck, verifyInputs } from './ScriptVerifier'

/** A verification thread: verifies the inputs it is sent and answers the first failure. */
export interface VerifyJob { id: number, txHex: string, checks: Array<{ index: number, check: InputCheck }> }

parentPort?.on('message', (job: VerifyJob) => {
  let failure
  try {
    failure = verifyInputs(Transaction.fromHex(job.txHex), job.checks)
  } catch (e) {
    failure = { input: job.checks[0]?.index ?? 0, message: (e as Error).message }
  }
  parentPort?.postMessage({ id: job.id, failure })
})
