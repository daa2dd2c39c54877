import type { CommandDefinition } from '../Command'
import { buyCommand } from './buy'
import { distributeCommand } from './distribute'
import { fundCommand } from './fund'
import { holdersCommand } from './holders'
import { issueCommand } from './issue'
import { listCommand } from './list'
import { payCommand } from './pay'
import { sendCommand } from './send'
import { statusCommand } from './status'

/** Every `divvy` command, in the order `divvy --help` shows them. */
export const COMMANDS: readonly CommandDefinition[] = [
  issueCommand, listCommand, buyCommand, sendCommand, payCommand, distributeCommand, holdersCommand, statusCommand, fundCommand
]
