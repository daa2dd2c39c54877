import { expect } from 'chai'
import * as fs from 'fs'
import * as path from 'path'

// The compiler's layers, as its imports show them: ir/ is the hub the others depend on (it
// imports only itself), the layers before code generation never import codegen/, and the front
// end (syntax, semantic, check) never imports the lowering or the output. (The repository's
// dependency rules forbid import cycles.)

const SRC = path.join(__dirname, '..', 'src')

function files (dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name)
    return d.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** The folders under src/ a file imports from (`.` for a file at the top of src/). */
function importedFolders (file: string): string[] {
  const text = fs.readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']*)'/gm)) {
    const rel = path.relative(SRC, path.resolve(path.dirname(file), m[1]))
    out.push(rel.includes(path.sep) ? rel.split(path.sep)[0] : '.')
  }
  return out
}

function layer (folder: string): string[] {
  return files(path.join(SRC, folder)).flatMap((f) => importedFolders(f).map((to) => `${path.relative(SRC, f)} -> ${to}`))
}

describe('compiler: the layers its imports show', () => {
  it('ir/ imports nothing outside itself', () => {
    expect(layer('ir').filter((x) => !x.endsWith('-> ir'))).to.deep.equal([])
  })

  it('nothing before code generation imports codegen/', () => {
    for (const folder of ['ir', 'lower', 'check', 'semantic', 'syntax', 'diagnostics', 'std']) {
      expect(layer(folder).filter((x) => x.endsWith('-> codegen')), folder).to.deep.equal([])
    }
  })

  it('the front end (syntax, semantic, check) does not import the lowering', () => {
    for (const folder of ['syntax', 'semantic', 'check']) {
      expect(layer(folder).filter((x) => x.endsWith('-> lower') || x.endsWith('-> output')), folder).to.deep.equal([])
    }
  })
})
