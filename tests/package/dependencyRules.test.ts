import { expect } from 'chai'
import { execFileSync, spawnSync } from 'child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import * as path from 'path'

const ROOT = path.resolve(__dirname, '..', '..')
const DEPCRUISE = path.join(ROOT, 'node_modules', '.bin', 'depcruise')
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs')
/** The folders `npm run deps` cruises, read from its script: `depcruise --config <file> <folders...>`. */
const FOLDERS = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { deps: string } }).scripts.deps.split(/\s+/).slice(3)

/**
 * A tree that breaks every rule once, each file named for what it does wrong. The folders are
 * the project's; the packages are this repository's installed ones, listed in a manifest of
 * the tree's own (chai as a development dependency, zod not at all).
 */
const TREE: Record<string, string> = {
  'compiler/reachesOut.ts': "import { bottom } from '../contracts/readsIndexer'\nexport const reachesOut = bottom\n",
  'runtime/readsContracts.ts': "import { bottom } from '../contracts/readsIndexer'\nexport const runtime = bottom\n",
  'contracts/readsIndexer.ts': "import { indexed } from '../indexer/startsDevnet'\nexport const bottom = indexed\n",
  'indexer/startsDevnet.ts': "import { devnet } from '../network/devnet/readsScripts'\nexport const indexed = devnet\n",
  'network/devnet/readsScripts.ts': "import { command } from '../../scripts/command'\nexport const devnet = command\n",
  'network/readsIndexer.ts': "import { indexed } from '../indexer/startsDevnet'\nexport const client = indexed\n",
  'network/readsExports.ts': "import { api } from '../exports/api'\nexport const provider = api\n",
  'scripts/command.ts': 'export const command = 1\n',
  'scripts/usesDevTool.ts': "import { expect } from 'chai'\nexport const check = expect\n",
  'scripts/usesUnlisted.ts': "import { z } from 'zod'\nexport const schema = z\n",
  'indexer/cycleA.ts': "import { b } from './cycleB'\nexport const a = (): number => b()\n",
  'indexer/cycleB.ts': "import { a } from './cycleA'\nexport const b = (): number => a()\n",
  'exports/api.ts': "export { command as api } from '../scripts/command'\n",
  'indexer/readsService.ts': "import { intake } from '../service/usesTests'\nexport const watcher = intake\n",
  'service/usesTests.ts': "import { helper } from '../tests/helper'\nexport const intake = helper\n",
  'tests/helper.ts': 'export const helper = 1\n'
}

/** The rules npm test checks, each with the import of TREE that breaks it. */
const EXPECTED: Array<[rule: string, from: string, to: string]> = [
  ['compiler-stands-alone', 'compiler/reachesOut.ts', 'contracts/readsIndexer.ts'],
  ['runtime-imports-nothing', 'runtime/readsContracts.ts', 'contracts/readsIndexer.ts'],
  ['contracts-at-the-bottom', 'contracts/readsIndexer.ts', 'indexer/startsDevnet.ts'],
  ['indexer-starts-no-devnet', 'indexer/startsDevnet.ts', 'network/devnet/readsScripts.ts'],
  ['network-below-the-commands', 'network/devnet/readsScripts.ts', 'scripts/command.ts'],
  ['network-below-the-indexer', 'network/readsIndexer.ts', 'indexer/startsDevnet.ts'],
  ['exports-on-top', 'network/readsExports.ts', 'exports/api.ts'],
  ['library-runs-on-its-dependencies', 'scripts/usesDevTool.ts', 'node_modules/chai/index.js'],
  ['no-unlisted-packages', 'scripts/usesUnlisted.ts', 'node_modules/zod/index.cjs'],
  ['no-circular', 'indexer/cycleA.ts', 'indexer/cycleB.ts'],
  ['service-on-top', 'indexer/readsService.ts', 'service/usesTests.ts'],
  ['service-not-from-tests', 'service/usesTests.ts', 'tests/helper.ts']
]

describe('the dependency rules npm test checks', function () {
  this.timeout(120_000)
  let tree: string

  before(() => {
    tree = mkdtempSync(path.join(tmpdir(), 'divvy-deps-'))
    for (const [file, text] of Object.entries(TREE)) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true })
      writeFileSync(path.join(tree, file), text)
    }
    writeFileSync(path.join(tree, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true, esModuleInterop: true } }))
    writeFileSync(path.join(tree, 'package.json'), JSON.stringify({ name: 'tree', version: '1.0.0', private: true, devDependencies: { chai: '*' } }))
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'), 'dir')
  })
  after(() => { rmSync(tree, { recursive: true, force: true }) })

  it('name every import that breaks one, and fail the run', () => {
    const json = execFileSync(DEPCRUISE, ['--config', CONFIG, '--output-type', 'json', ...FOLDERS], { cwd: tree, encoding: 'utf8' })
    const { summary } = JSON.parse(json) as { summary: { violations: Array<{ rule: { name: string }, from: string, to: string }> } }
    // A package's path is where the tree's node_modules link leads: compared from node_modules on.
    const found = summary.violations.map(v => [v.rule.name, v.from, v.to.replace(/^.*\/node_modules\//, 'node_modules/')])
    for (const expected of EXPECTED) expect(found, expected[0]).to.deep.include(expected)
    // Nothing else: each rule fires only where it is broken.
    expect(found).to.have.length(EXPECTED.length)
    // As `npm run deps` runs it: a broken rule fails the run.
    const plain = spawnSync(DEPCRUISE, ['--config', CONFIG, ...FOLDERS], { cwd: tree, encoding: 'utf8' })
    expect(plain.status).to.not.equal(0)
    expect(plain.stdout).to.include('compiler-stands-alone')
  })
})
