import { expect } from 'chai'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs'
import { tmpdir } from 'os'
import * as path from 'path'
import { npmPack, run, tarballFiles } from '../support/packedPackage'

const ROOT = path.resolve(__dirname, '..', '..')
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string, dependencies: Record<string, string> }

/** The code of the README's "Use Divvy from your code" section: the example this test runs. */
function readmeExample (): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
  const section = readme.split(/^## /m).find(s => s.startsWith('Use Divvy from your code'))
  const code = section !== undefined ? /```ts\n([\s\S]*?)```/.exec(section)?.[1] : undefined
  if (code === undefined) throw new Error('README.md has no ```ts block under "Use Divvy from your code"')
  return code
}

/** Links a package the repository has installed into `project`'s node_modules. */
function linkInstalled (project: string, name: string): void {
  const at = path.join(project, 'node_modules', name)
  mkdirSync(path.dirname(at), { recursive: true })
  symlinkSync(path.join(ROOT, 'node_modules', name), at, 'dir')
}

describe('the package, as a consumer installs it', function () {
  this.timeout(300_000)
  let work: string

  before(() => { work = mkdtempSync(path.join(tmpdir(), 'divvy-consumer-')) })
  after(() => { rmSync(work, { recursive: true, force: true }) })

  it('packs, installs into an empty project, type-checks against its declarations and runs the README\'s example on a devnet', () => {
    // `npm pack` (its prepack builds dist and compiles stale artifacts), then the tarball
    // unpacked as `npm install` would put it. Offline: the package's dependencies, and the
    // example's own (scrypt-ts, @bsv/sdk, the Node types), are linked from what this
    // repository installed, and nothing else, so an import the package does not declare fails.
    const tarball = npmPack(ROOT, work)
    const project = path.join(work, 'project')
    const installed = path.join(project, 'node_modules', manifest.name)
    mkdirSync(installed, { recursive: true })
    run('tar', ['-xzf', path.join(work, tarball), '-C', installed, '--strip-components=1'], work)
    for (const name of new Set([...Object.keys(manifest.dependencies), 'scrypt-ts', '@bsv/sdk', '@types/node'])) linkInstalled(project, name)
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'divvy-consumer', version: '1.0.0', private: true, dependencies: { [manifest.name]: `file:${tarball}` } }, null, 2))
    writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'], outDir: 'out' },
      files: ['index.ts']
    }, null, 2))
    writeFileSync(path.join(project, 'index.ts'), readmeExample())

    // The package ships no TypeScript source and no compiler.
    const shipped = tarballFiles(path.join(work, tarball))
    expect(shipped.filter(f => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).to.deep.equal([])
    expect(shipped).to.include.members(['package/artifacts/dividend.json', 'package/artifacts/bsv21Token.json', 'package/dist/exports/index.d.ts'])

    run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project)
    const out = run(process.execPath, [path.join(project, 'out', 'index.js')], project)
    const lines = out.trim().split('\n')
    // One holder with the whole supply: it is paid the whole pool, 1,000,000 satoshis; the contract keeps its 1.
    expect(lines[0]).to.match(/^paid 1 holder\(s\) 1000000 satoshis in [0-9a-f]{64}$/)
    expect(lines[1]).to.equal('round 1 done: the contract keeps 1 satoshis')
    // The package's own entry points load in plain JavaScript too.
    const entries = run(process.execPath, ['-e', `for (const e of ['', '/contracts', '/snapshot', '/bsv21', '/provider', '/indexer-client', '/devnet', '/commands']) console.log(Object.keys(require('${manifest.name}' + e)).length > 0)`], project)
    expect(entries.trim().split('\n')).to.deep.equal(Array(8).fill('true'))
  })
})
