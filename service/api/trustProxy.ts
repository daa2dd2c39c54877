import express from 'express'

/**
 * The `trust proxy` setting of the service's HTTP API from `--trust-proxy`: a number of proxy
 * hops, or the proxies' addresses and subnets (comma-separated; `loopback`, `linklocal`,
 * `uniquelocal` name express's ranges). Without it no X-Forwarded-For is believed, so a client
 * cannot pick its own rate-limit bucket; behind a proxy every client then shares the proxy's.
 * Throws a one-line error for a value express cannot read.
 */
export function trustProxySetting (value: string | undefined): boolean | number | string {
  if (value === undefined) return false
  const setting = /^[0-9]{1,2}$/.test(value) ? Number(value) : value
  // express compiles the setting as it is set: an address it cannot read throws here, not per request.
  try { express().set('trust proxy', setting) } catch { throw new Error(`'${value}' is neither a number of proxy hops nor proxy addresses (e.g. loopback or 10.0.0.1,10.0.0.0/8)`) }
  return setting
}
