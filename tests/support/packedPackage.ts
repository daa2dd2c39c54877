import { execFileSync } from 'child_process'
import * as path from 'path'

/** Runs a program and answers what it printed; a failure throws with its output (the package tests' way to run npm, tar and node). */
export function run (file: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  try {
    return execFileSync(file, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (e) {
    const failed = e as { stdout?: string, stderr?: string }
    throw new Error(`${path.basename(file)} ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`)
  }
}

/** `npm pack` of the package in `packageDir` (its prepack runs) into `destination`; answers the tarball's file name. */
export function npmPack (packageDir: string, destination: string): string {
  return run('npm', ['pack', '--silent', '--pack-destination', destination], packageDir).trim().split('\n').pop() as string
}

/** The files a tarball holds, as `package/<path>`. */
export function tarballFiles (tarball: string): string[] {
  return run('tar', ['-tzf', tarball], path.dirname(tarball)).split('\n').filter(f => f !== '')
}
