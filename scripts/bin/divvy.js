#!/usr/bin/env node
// The `divvy` bin: runs scripts/divvy.ts through ts-node (transpile only) unless a
// compiled scripts/divvy.js sits next to it.
const fs = require('fs')
const path = require('path')
const compiled = path.join(__dirname, '..', 'divvy.js')
if (!fs.existsSync(compiled)) {
  require('ts-node').register({ transpileOnly: true, project: path.join(__dirname, '..', '..', 'tsconfig.json') })
  require(path.join(__dirname, '..', 'divvy.ts'))
} else {
  require(compiled)
}
