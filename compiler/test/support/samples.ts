// sCrypt sources shared by several compiler tests.

export const P2PKH = `
contract P2PKH {
  const Ripemd160 addr;
  public function unlock(Sig sig, PubKey pubkey) {
    require(hash160(pubkey) == this.addr);
    require(checkSig(sig, pubkey));
  }
}`
