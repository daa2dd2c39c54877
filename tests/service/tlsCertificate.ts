import { generate } from 'selfsigned'

/** A self-signed certificate for `domain` and 127.0.0.1, made here (never downloaded): the test's client trusts exactly it. */
export async function selfSignedCertificate (domain: string): Promise<{ cert: string, key: string }> {
  const pems = await generate([{ name: 'commonName', value: domain }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: domain }, { type: 7, ip: '127.0.0.1' }] }
    ]
  } as any)
  return { cert: pems.cert, key: pems.private }
}
