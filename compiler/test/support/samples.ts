// sCrypt sources shared by several compiler tests.

export const P2PKH = `
contract P2PKH {
  const Ripemd160 addr;
  public function unlock(Sig sig, PubKey pubkey) {
    require(hash160(pubkey) == this.addr);
    require(checkSig(sig, pubkey));
  }
}`

/** Modular exponentiation by squaring over `bits` bits: an if in each pass of an unrolled loop. */
export const modExp = (bits: number): string => `contract ModExp {
  static function modExp(int x, int y, int m) : int {
    int res = 1;
    x = x % m;
    loop (${bits}) {
      if (y > 0) {
        if (y % 2) res = (res * x) % m;
        y = y / 2;
        x = (x * x) % m;
      }
    }
    return res;
  }
  public function f(int x, int y, int m, int r) {
    require(ModExp.modExp(x, y, m) == r);
  }
}`
