// The heuristics of the stack scheduling, named: each trades a few bytes here for more later.

/** The deepest a pick or roll reaches with a one-byte depth push (OP_1 .. OP_16); deeper takes a 2-byte push. */
export const ONE_BYTE_DEPTH = 16

/**
 * A value the then-branch of an if reads at least this often, and that dies in the if, goes on
 * top before it: the branch reads it with short picks and the else-branch drops it from the top.
 */
export const DYING_VALUE_MIN_READS = 2

/** ... when it sits at least this far below the values the if assigns (closer, moving it gains nothing). */
export const DYING_VALUE_MIN_DEPTH = 2

/**
 * A value an if reads, live after it and deeper than a one-byte depth reaches, read at least this
 * often from here on (an unrolled loop), is rolled up once before the if: later picks are shorter.
 */
export const HOT_VALUE_MIN_READS = 4
