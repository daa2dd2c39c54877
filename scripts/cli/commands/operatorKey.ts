import { defineCommand } from '../Command'
import { keyWithProof } from '../OperatorKeys'

export const operatorKeyCommand = defineCommand({
  name: 'operator-key',
  description: `Prints the wallet's public key with its proof of possession, <public key>:<proof>, for an
issuer to name it in 'divvy issue --operators' or 'divvy set-operators --operators' (the key
is created in this home on first use; the private key never leaves it).`,
  options: {},
  run: async (ctx, _options, common, out) => {
    out(keyWithProof(ctx, common.wallet))
  }
})
