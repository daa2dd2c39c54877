import { compileSource } from './src/compile'
import * as fs from 'fs'
const src = process.argv[2].endsWith('.scrypt') ? fs.readFileSync(process.argv[2], 'utf8') : process.argv[2]
const r = compileSource(src, process.argv[3] ?? '.')
console.log(r.errors.length ? r.errors.map(e => `${e.kind} ${e.loc.file ?? ''} ${e.loc.line}:${e.loc.column}: ${e.message}`).join('\n') : (r.hex!.replace(/<[^>]*>/g, '').length / 2) + ' bytes ' + r.hex!.slice(0, 200))
