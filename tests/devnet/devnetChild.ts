import { Devnet } from '../../network/devnet/Devnet'

/** A devnet in its own process, for the crash test: prints its RPC URL, then runs until killed. */
async function main (): Promise<void> {
  const devnet = await Devnet.start({ dataDir: process.argv[2], port: 0 })
  process.stdout.write(devnet.rpcUrl + '\n')
}

main().catch(e => {
  process.stderr.write(String(e) + '\n')
  process.exit(1)
})
