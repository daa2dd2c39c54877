#!/usr/bin/env node
'use strict';
// Entry point of the sCrypt compiler back end (a drop-in for scryptlib's `scryptc`).
// Runs the prebuilt JavaScript in compiler/dist when it is newer than every source file,
// otherwise transpiles compiler/src into a fresh dist first (no install step needed).
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'src');
const distDir = path.join(root, 'dist');
const stampFile = path.join(distDir, '.stamp');

function listSources(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listSources(full, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function sourceStamp(files) {
  // Names and modification times of every source: any edit, addition or removal changes it.
  return files.map((f) => `${path.relative(srcDir, f)}:${fs.statSync(f).mtimeMs}`).sort().join('\n');
}

function isFresh(stamp) {
  try {
    return fs.readFileSync(stampFile, 'utf8') === stamp;
  } catch {
    return false;
  }
}

/** Transpiles the sources into a fresh directory, loads the compiler from it, then swaps it in as dist. */
function build(files, stamp) {
  const ts = require(require.resolve('typescript', { paths: [root, process.cwd()] }));
  const tmp = fs.mkdtempSync(path.join(root, '.dist-'));
  try {
    return buildInto(tmp, ts, files, stamp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

function buildInto(tmp, ts, files, stamp) {
  for (const file of files) {
    const rel = path.relative(srcDir, file).replace(/\.ts$/, '.js');
    const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true },
      fileName: file,
    });
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), out.outputText);
  }
  fs.writeFileSync(path.join(tmp, '.stamp'), stamp);
  // every module is loaded now, so a concurrent build replacing dist cannot pull files away
  const cli = require(path.join(tmp, 'cli.js'));
  const old = distDir + '.old-' + process.pid;
  try { fs.renameSync(distDir, old); } catch { /* no previous build */ }
  try { fs.renameSync(tmp, distDir); } catch { fs.rmSync(tmp, { recursive: true, force: true }); }
  fs.rmSync(old, { recursive: true, force: true });
  return cli;
}

function main() {
  const files = listSources(srcDir, []);
  const stamp = sourceStamp(files);
  const { runCli } = isFresh(stamp) ? require(path.join(distDir, 'cli.js')) : build(files, stamp);
  process.exitCode = runCli(process.argv.slice(2));
}

main();
