import { z } from 'zod'

/** One payment as `GET /payments` and `GET /payments/:txid` answer it (amounts as decimal strings). */
export const PaymentSchema = z.object({
  txid: z.string(),
  token: z.string(),
  source: z.enum(['handcash', 'paylink', 'paymail', 'address']),
  amount: z.string().regex(/^(0|[1-9][0-9]*)$/).transform(BigInt),
  vouts: z.array(z.int().nonnegative()),
  state: z.enum(['received', 'deposited', 'pooled']),
  seenAt: z.string(),
  deposit: z.string().optional(),
  depositedAt: z.string().optional(),
  round: z.int().optional(),
  payouts: z.array(z.string()).optional(),
  handcashPaymentId: z.string().optional(),
  paymentRequestId: z.string().optional(),
  reference: z.string().optional()
})

export const PaymentPageSchema = z.object({
  total: z.int().nonnegative(),
  offset: z.int().nonnegative(),
  limit: z.int().positive(),
  payments: z.array(PaymentSchema)
})

export type PaymentView = z.output<typeof PaymentSchema>
