import { defineCommand, type Output } from '../Command'
import { UsageError } from '../options'

const TOKEN_HEX = /^[0-9a-f]{64}$/

/** Waits for HandCash's redirect back (`...?authToken=<hex>`) on 127.0.0.1:port; answers the token. */
async function awaitRedirect (port: number, out: Output): Promise<string> {
  const { createServer } = await import('http')
  return await new Promise((resolve, reject) => {
    const server = createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('authToken') ?? ''
      if (!TOKEN_HEX.test(token)) { res.writeHead(400, { 'content-type': 'text/plain' }).end('no authToken in this address'); return }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('Divvy is connected to your HandCash wallet: you can close this page.')
      clearTimeout(timer)
      server.close()
      resolve(token)
    })
    const timer = setTimeout(() => { server.close(); reject(new Error('no authorization came back in 10 minutes')) }, 600_000)
    server.on('error', reject)
    server.listen(port, '127.0.0.1', () => { out(`waiting for HandCash to send you back to http://127.0.0.1:${port}/ (set it as the app's redirect URL in HandCash's dashboard)`) })
  })
}

export const connectHandcashCommand = defineCommand({
  name: 'connect-handcash',
  description: `Connects the handle's HandCash wallet, through HandCash's SDK: prints the address where the
owner authorizes the app (with PAY and READ_BALANCE), takes the auth token HandCash sends back
(--auth-token, or --listen for the redirect), checks its permissions and saves it in the home
(handcash.json, mode 0600). 'divvy serve' then forwards what the handle receives above
--reserve, within the owner's spend limit, to the token's collector.`,
  options: {
    'app-id': { kind: 'string', value: 'id', required: true, help: 'the app id from HandCash\'s developer dashboard' },
    'app-secret': { kind: 'string', value: 'secret', help: 'the app secret (or DIVVY_HANDCASH_APP_SECRET)' },
    'auth-token': { kind: 'string', value: 'hex', help: 'the authToken HandCash redirected back with' },
    listen: { kind: 'integer', value: 'port', help: 'wait for HandCash\'s redirect on 127.0.0.1:port' },
    reserve: { kind: 'amount', value: 'sats', help: 'satoshis always left in the wallet (default 10000)' },
    'min-forward': { kind: 'amount', value: 'sats', help: 'smaller amounts wait for more (default 1000)' },
    'handcash-url': { kind: 'string', value: 'url', help: 'HandCash\'s API (default https://cloud.handcash.io)' }
  },
  check: options => {
    if (options['auth-token'] !== undefined && !TOKEN_HEX.test(options['auth-token'])) throw new UsageError('connect-handcash: --auth-token is 64 hex characters')
    if (options['handcash-url'] !== undefined && !/^https?:\/\//.test(options['handcash-url'])) throw new UsageError('connect-handcash: --handcash-url must be an http(s) URL')
  },
  offline: async (options, common, out) => {
    const appSecret = options['app-secret'] ?? process.env.DIVVY_HANDCASH_APP_SECRET
    if (appSecret === undefined || appSecret === '') throw new UsageError('connect-handcash: give the app secret with --app-secret or DIVVY_HANDCASH_APP_SECRET')
    const { TokenRegistry } = await import('../TokenRegistry')
    const { join } = await import('path')
    const token = new TokenRegistry(join(common.home, 'tokens.json')).find(common.token)
    const { connectHandCash } = await import('../../../service/handcash/connectHandCash')
    const { handcashInstance } = await import('../../../service/handcash/HandCashSdk')
    const base = { appId: options['app-id'], appSecret, baseUrl: options['handcash-url'], reserve: (options.reserve ?? 10_000n).toString(), minForward: options['min-forward']?.toString(), token: token.symbol }
    let authToken = options['auth-token']
    if (authToken === undefined) {
      out(`authorize the app at: ${(await handcashInstance(base)).getRedirectionUrl()}`)
      if (options.listen === undefined) throw new UsageError('connect-handcash: then run again with --auth-token <the authToken HandCash sent you back with>, or use --listen <port>')
      authToken = await awaitRedirect(options.listen, out)
    }
    const saved = await connectHandCash(common.home, { ...base, authToken })
    out(`connected HandCash handle ${saved.handle ?? '?'}: what it receives above ${saved.reserve} satoshis goes to $${token.symbol}'s collector while 'divvy serve' runs`)
    return true
  },
  run: async () => { throw new Error('internal: connect-handcash runs offline') }
})
