// One style for the whole tree: JavaScript Standard Style (neostandard, its ESLint 9 form) with TypeScript.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['artifacts/**', 'dist/**', '**/dist/**', '.build/**', '.divvy/**', 'node_modules/**']
  }),
  {
    rules: {
      // `void promise` marks a deliberate fire-and-forget call (a shutdown from a signal handler)
      'no-void': ['error', { allowAsStatement: true }]
    }
  },
  {
    // js-1sat-ord and @handcash/sdk ship as ES modules only; a Function keeps Node's real dynamic import under CommonJS
    files: ['network/ordinals/oneSatOrd.ts', 'service/handcash/HandCashSdk.ts'],
    rules: { 'no-new-func': 'off' }
  }
]
