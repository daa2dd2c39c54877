import { writeHandCash, type HandCashConfig } from './HandCashConfig'
import { handcashInstance, handcashSdk, sdkError, type SdkResult } from './HandCashSdk'

/** The permissions the forwarder needs: to read the balance, and to pay the collector. */
export const NEEDED_PERMISSIONS = ['PAY', 'READ_BALANCE']

/** Checks the owner's authorization with HandCash (its permissions, the handle) and saves it in the home. */
export async function connectHandCash (home: string, config: HandCashConfig & { authToken: string }): Promise<HandCashConfig> {
  const sdk = await handcashSdk()
  const client = (await handcashInstance(config)).getAccountClient(config.authToken) as any
  const permissions = await sdk.Connect.getPermissions({ client }) as SdkResult<{ items: string[] }>
  if (permissions.data === undefined) throw new Error(`HandCash refused the authorization: ${sdkError(permissions)}`)
  const missing = NEEDED_PERMISSIONS.filter(p => !permissions.data!.items.includes(p))
  if (missing.length > 0) throw new Error(`the authorization lacks ${missing.join(' and ')}: enable it for the app in HandCash's dashboard and authorize again`)
  const profile = await sdk.Connect.getCurrentUserProfile({ client }) as SdkResult<{ publicProfile?: { handle: string } }>
  const saved: HandCashConfig = { ...config, handle: profile.data?.publicProfile?.handle }
  for (const k of Object.keys(saved) as Array<keyof HandCashConfig>) if (saved[k] === undefined) delete saved[k]
  writeHandCash(home, saved)
  return saved
}
