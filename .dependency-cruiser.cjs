// The architecture as rules, checked in `npm test` (`npm run deps`). Dependencies point one
// way: the commands, services and benches (scripts/) on top, then the indexer and the
// network clients and devnet, then the contracts and their off-chain helpers; the compiler
// stands alone.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'compiler-stands-alone',
      comment: 'compiler/ is a package of its own: it imports nothing of the project outside itself',
      severity: 'error',
      from: { path: '^compiler/' },
      to: { pathNot: '^(compiler/|node_modules/)', dependencyTypesNot: ['core'] }
    },
    {
      name: 'runtime-imports-nothing',
      comment: 'runtime/ (where the package\'s files are at run time) is below everything and imports nothing of the project',
      severity: 'error',
      from: { path: '^runtime/' },
      to: { path: '^(contracts|indexer|network|scripts|tests|compiler)/' }
    },
    {
      name: 'contracts-at-the-bottom',
      comment: 'contracts/ (and the snapshot rules beside them) import neither the indexer, the network nor the commands',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(indexer|network|scripts|tests)/' }
    },
    {
      name: 'indexer-starts-no-devnet',
      comment: 'the indexer follows whatever node it is given; a devnet in the same process is composed above it (scripts/cli/EmbeddedDevnet.ts)',
      severity: 'error',
      from: { path: '^indexer/' },
      to: { path: '^(network/devnet|scripts|tests)/' }
    },
    {
      name: 'network-below-the-commands',
      comment: 'network/ (clients, provider, devnet) never imports the commands, services or benches',
      severity: 'error',
      from: { path: '^network/' },
      to: { path: '^scripts/' }
    },
    {
      name: 'network-below-the-indexer',
      comment: 'network/ (clients, provider, devnet) does not import the indexer: it reads the indexer over its HTTP API',
      severity: 'error',
      from: { path: '^network/' },
      to: { path: '^(indexer|tests)/' }
    },
    {
      name: 'exports-on-top',
      comment: 'exports/ is the package\'s public API: it re-exports the domains, and nothing of the library imports it',
      severity: 'error',
      from: { path: '^(runtime|contracts|indexer|network|scripts|service|compiler)/' },
      to: { path: '^exports/' }
    },
    {
      name: 'library-runs-on-its-dependencies',
      comment: 'what the package ships imports only its dependencies (development tools: the contract compile step and the benches)',
      severity: 'error',
      from: { path: '^(exports|runtime|contracts|indexer|network|scripts|service)/', pathNot: '^scripts/(compile|bench)/' },
      to: { dependencyTypes: ['npm-dev'] }
    },
    {
      name: 'no-unlisted-packages',
      comment: 'every package imported is in package.json',
      severity: 'error',
      from: { path: '^(exports|runtime|contracts|indexer|network|scripts|service)/' },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] }
    },
    {
      name: 'service-on-top',
      comment: 'service/ (divvy serve: intake, sweeps, rounds, paymail, HandCash) stands beside the commands: it may use the indexer, the network, the contracts and the commands\' functions, and nothing below the commands imports it',
      severity: 'error',
      from: { path: '^(runtime|contracts|indexer|network|compiler)/' },
      to: { path: '^service/' }
    },
    {
      name: 'service-not-from-tests',
      comment: 'the service imports no test code',
      severity: 'error',
      from: { path: '^service/' },
      to: { path: '^tests/' }
    },
    {
      name: 'no-circular',
      comment: 'no import cycles, the compiler included',
      severity: 'error',
      from: {},
      to: { circular: true }
    }
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|artifacts)/' }
  }
}
