import { expect } from 'chai'
import { DividendV1 } from '../../contracts/v1/dividendV1'
import { listCommand } from '../../scripts/cli/commands/list'
import { distributeCommand } from '../../scripts/cli/commands/distribute'
import { payCommand } from '../../scripts/cli/commands/pay'
import { commandHelp, parseCommand } from '../../scripts/cli/commonOptions'
import { parseOptions, scriptHelp, UsageError } from '../../scripts/cli/options'
import { NetworkConfigError } from '../../network/networks'
import { runCli } from '../../scripts/cli/runCli'
import { COMMANDS } from '../../scripts/cli/commands'

async function cli (...argv: string[]): Promise<{ code: number, out: string[], err: string[] }> {
  const out: string[] = []
  const err: string[] = []
  const code = await runCli(argv, { out: l => { out.push(l) }, err: l => { err.push(l) } })
  return { code, out, err }
}

describe('divvy command line: options and errors', () => {
  it('parses --name value, --name=value, flags and whole-number amounts as bigint', () => {
    const spec = {
      amount: { kind: 'amount', help: 'a' },
      price: { kind: 'amount', help: 'p' },
      crank: { kind: 'flag', help: 'c' },
      to: { kind: 'string', help: 't' },
      port: { kind: 'integer', help: 'n' }
    } as const
    const o = parseOptions('x', ['--amount', '200_000', '--price=5000', '--crank', '--to', 'abc'], spec)
    expect(o).to.deep.equal({ amount: 200000n, price: 5000n, crank: true, to: 'abc' })
    // typed by the definitions: an amount is a bigint, an integer a number
    const amount: bigint | undefined = o.amount
    expect(amount).to.equal(200000n)
    expect(parseOptions('x', ['--amount', '18446744073709551615'], spec).amount).to.equal(2n ** 64n - 1n)
    expect(parseOptions('x', ['--port', '1'], spec).port).to.equal(1)
    expect(parseOptions('x', ['--port=1'], spec).port).to.equal(1)
    expect(parseOptions('x', ['--to=--odd'], spec).to).to.equal('--odd')
  })

  it('refuses unknown, repeated, missing and non-integer options with a usage error', () => {
    const spec = { amount: { kind: 'amount', required: true, help: 'a' }, crank: { kind: 'flag', help: 'c' } } as const
    const cases: Array<[string[], RegExp]> = [
      [['--amount', '1', '--bogus', '2'], /unknown option --bogus/],
      [['--amount', '1', '--amount', '2'], /--amount is given twice/],
      [[], /--amount is required/],
      [['--amount'], /--amount needs a value/],
      [['--amount', '1.5'], /whole non-negative number/],
      [['--amount', '-3'], /needs a value|whole non-negative/],
      [['--amount', '1', '--crank=yes'], /takes no value/],
      [['--amount='], /--amount needs a value/],
      [['--amount', '1', '--', 'x'], /unexpected argument '--'/],
      [['-x'], /unknown option -x/],
      [['stray'], /unexpected argument 'stray'/]
    ]
    for (const [argv, message] of cases) expect(() => parseOptions('pay', argv, spec), argv.join(' ')).to.throw(UsageError, message)
  })

  it('takes the shared options: wallet, token, home (default .divvy/<network>), --no-mine and the network', () => {
    const p = parseCommand(distributeCommand, ['--network', 'regtest', '--rpc', 'http://u:p@127.0.0.1:18443', '--wallet', 'alice', '--token', 'NINJAPUNKGIRLS', '--no-mine', '--batch', '4'])
    expect(p.settings).to.include({ name: 'regtest', rpcUrl: 'http://u:p@127.0.0.1:18443' })
    expect(p.common).to.include({ wallet: 'alice', token: 'NINJAPUNKGIRLS', mine: false })
    expect(p.common.home).to.match(/\.divvy\/regtest$/)
    expect(p.options).to.deep.include({ batch: 4 })
    const d = parseCommand(distributeCommand, [])
    expect(d.settings.name).to.equal('devnet')
    expect(d.common).to.include({ wallet: 'default', mine: true })
    expect(() => parseCommand(distributeCommand, ['--wallet', '../x'])).to.throw(UsageError, /not a key name/)
    expect(() => parseCommand(distributeCommand, ['--batch', String(DividendV1.N + 1)])).to.throw(UsageError, new RegExp(`--batch must be 1 to ${DividendV1.N}$`))
  })

  it('reads the network options in both forms and refuses missing and repeated values', () => {
    const p = parseCommand(payCommand, ['--network', 'regtest', '--rpc=http://u:p@h:1', '--amount', '5'])
    expect(p.settings).to.include({ name: 'regtest', rpcUrl: 'http://u:p@h:1' })
    expect(p.options).to.deep.equal({ amount: 5n })
    expect(() => parseCommand(payCommand, ['--amount', '5', '--network'])).to.throw(UsageError, 'pay: --network needs a value')
    expect(() => parseCommand(payCommand, ['--amount', '5', '--network', '--rpc', 'x'])).to.throw(UsageError, 'pay: --network needs a value')
    expect(() => parseCommand(payCommand, ['--amount', '5', '--network=devnet', '--network', 'mainnet'])).to.throw(UsageError, 'pay: --network is given twice')
    expect(() => parseCommand(payCommand, ['--amount', '5', '--network=moon'])).to.throw(NetworkConfigError, /unknown network 'moon'/)
  })

  it('makes every help text from the option definitions', () => {
    expect(commandHelp(payCommand)).to.match(/^divvy pay --amount <sats> \[options\]\n/)
    expect(commandHelp(payCommand)).to.match(/\n {2}--amount <sats> {2}satoshis to deposit\n/)
    expect(commandHelp(payCommand)).to.match(/\n {2}--rpc <url> +node JSON-RPC/)
    const help = scriptHelp('npm run x --', 'Does x.', { port: { kind: 'integer', value: 'port', help: 'the port' }, help: { kind: 'flag', short: 'h', help: 'this text' } })
    expect(help).to.equal('npm run x -- [options]\n\nDoes x.\n\nOptions (also written --name=value):\n  --port <port>  the port\n  -h, --help     this text')
  })

  it('refuses a listing below 200,000 tokens before touching any network', () => {
    expect(() => parseCommand(listCommand, ['--amount', '199999', '--price', '10'])).to.throw(UsageError, /a tranche is at least 200000 tokens.*199999 is too small/)
    expect(parseCommand(listCommand, ['--amount', '200000', '--price', '10']).options).to.deep.include({ amount: 200000n, price: 10n })
  })

  it('exits 2 on usage errors and bad networks, with one line and no stack trace', async () => {
    for (const argv of [['list', '--amount', '100', '--price', '5'], ['pay'], ['nonsense'], ['holders', '--network', 'moon'], ['buy', '--listing', 'xyz'], ['holders', '--network', 'testnet', '--rpc', 'http://a:b@h:1']]) {
      const r = await cli(...argv)
      expect(r.code, argv.join(' ')).to.equal(2)
      expect(r.err, argv.join(' ')).to.have.length(1)
      expect(r.err[0]).to.match(/^divvy/).and.not.match(/\n| {4}at /)
    }
    expect((await cli('list', '--amount', '100', '--price', '5')).err[0]).to.equal('divvy list: --amount: a tranche is at least 200000 tokens (0.02 % of the supply); 100 is too small')
  })

  it('answers --help for divvy and for every command with exit 0', async () => {
    const top = await cli('--help')
    expect(top.code).to.equal(0)
    for (const c of COMMANDS) expect(top.out[0]).to.include(`  ${c.name}`)
    for (const c of COMMANDS) {
      const r = await cli(c.name, '--help')
      expect(r.code, c.name).to.equal(0)
      expect(r.out[0]).to.include(`divvy ${c.name}`).and.include('--network').and.include('--wallet').and.include('--home')
    }
    expect((await cli()).code).to.equal(2)
  })
})
