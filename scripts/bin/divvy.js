#!/usr/bin/env node
// The `divvy` bin: runs scripts/divvy.ts from the project's transpile cache (scripts/bin/tsRun.js,
// no ts-node) unless a compiled scripts/divvy.js sits next to it.
const fs = require('fs')
const path = require('path')
const compiled = path.join(__dirname, '..', 'divvy.js')
if (!fs.existsSync(compiled)) {
  require('./tsRun').registerProject()
  require(path.join(__dirname, '..', 'divvy.ts'))
} else {
  require(compiled)
}
