import { expect } from 'chai'
import { parseBsv21 } from '../../indexer/bsv21/Bsv21Inscription'

const ID = `${'ab'.repeat(32)}_0`
const parse = (json: string, type = 'application/bsv-20'): ReturnType<typeof parseBsv21> => parseBsv21(type, Buffer.from(json))

describe('indexer: BSV-21 inscription rules', () => {
  it('reads deploy+mint, transfer and burn', () => {
    expect(parse('{"p":"bsv-20","op":"deploy+mint","sym":"NINJA","amt":"1000000000","dec":"0"}')).to.deep.equal({ ok: true, value: { op: 'deploy+mint', amt: 1000000000n, dec: 0, sym: 'NINJA', icon: undefined } })
    expect(parse(`{"p":"bsv-20","op":"transfer","amt":"5","id":"${ID}"}`)).to.deep.equal({ ok: true, value: { op: 'transfer', amt: 5n, id: ID } })
    expect(parse(`{"p":"bsv-20","op":"BURN","amt":"5","id":"${ID}"}`)).to.deep.equal({ ok: true, value: { op: 'burn', amt: 5n, id: ID } })
    expect(parse('{"p":"bsv-20","op":"deploy+mint","amt":"18446744073709551615","dec":"18"}')?.ok).to.equal(true)
  })

  it('ignores other content types', () => {
    expect(parse('{"p":"bsv-20","op":"deploy+mint","amt":"1"}', 'text/plain')).to.equal(undefined)
    expect(parse('{"p":"bsv-20","op":"deploy+mint","amt":"1"}', 'application/json')).to.equal(undefined)
  })

  const bad: Array<[string, string]> = [
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1"', 'content is not JSON'],
    ['["bsv-20"]', 'content is not a JSON object'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":1000}', "field 'amt' is not a string"],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1","dec":8}', "field 'dec' is not a string"],
    ['{"p":"bsv-21","op":"deploy+mint","amt":"1"}', 'p is not "bsv-20"'],
    ['{"p":"bsv-20","amt":"1"}', 'no op'],
    ['{"p":"bsv-20","op":"deploy+mint"}', 'no amt'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1.5"}', 'amt is not a decimal integer string'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"-5"}', 'amt is not a decimal integer string'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":" 5"}', 'amt is not a decimal integer string'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1e3"}', 'amt is not a decimal integer string'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"0"}', 'amt is zero'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"18446744073709551616"}', 'amt exceeds 2^64-1'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1","dec":"19"}', 'dec is not an integer from 0 to 18'],
    ['{"p":"bsv-20","op":"deploy+mint","amt":"1","dec":"1.0"}', 'dec is not an integer from 0 to 18'],
    ['{"p":"bsv-20","op":"transfer","amt":"1"}', 'transfer without id'],
    ['{"p":"bsv-20","op":"transfer","amt":"1","tick":"PEPE"}', 'transfer without id'],
    ['{"p":"bsv-20","op":"transfer","amt":"1","id":"abc_0"}', 'id is not an outpoint <txid>_<vout>'],
    ['{"p":"bsv-20","op":"mint","amt":"1","id":"x"}', "unknown op 'mint'"],
    ['{"p":"bsv-20","op":"deploy","amt":"1"}', "unknown op 'deploy'"]
  ]
  for (const [json, reason] of bad) {
    it(`rejects ${json}: ${reason}`, () => {
      expect(parse(json)).to.deep.equal({ ok: false, reason })
    })
  }
})
