import { loadOneSatOrd } from '../../network/ordinals/oneSatOrd'

// The one loader of js-1sat-ord lives with the network code; tests use the same copy.
export { loadOneSatOrd }

/** js-1sat-ord, loaded once as an ES module (see network/ordinals/oneSatOrd.ts). */
export async function js1SatOrd (): Promise<typeof import('js-1sat-ord')> {
  return (await loadOneSatOrd()).ord
}
