import { expect } from 'chai';
import { PrivateKey, Hash, Utils } from '@bsv/sdk';
import { compile, fillTemplate, runSpend, unlockingHex } from './support/contractHarness';

// Size optimizations of the code generator, each run in Spend with inputs that must pass and
// inputs that must fail.

const P2PKH = `
contract P2PKH {
  const Ripemd160 addr;
  public function unlock(Sig sig, PubKey pubkey) {
    require(hash160(pubkey) == this.addr);
    require(checkSig(sig, pubkey));
  }
}`;

describe('compiler: size optimizations', () => {
  describe('constructor values read once are pushed where they are read', () => {
    it('P2PKH is byte-identical to the standard script (76a9 <addr> 88ac), and runs', () => {
      const { hex } = compile(P2PKH);
      expect(hex).to.equal('76a9<addr>88ac');
      const key = PrivateKey.fromRandom();
      const pub = key.toPublicKey().encode(true, 'hex') as string;
      const addr = Utils.toHex(Hash.hash160(Utils.toArray(pub, 'hex')));
      const locking = fillTemplate(hex, { addr });
      expect(locking).to.equal(`76a914${addr}88ac`);
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(key), pub]) })).to.equal(true);
      const other = PrivateKey.fromRandom();
      const otherPub = other.toPublicKey().encode(true, 'hex') as string;
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), pub]) })).to.not.equal(true);
      expect(runSpend({ locking, unlocking: (c) => unlockingHex([c.sign(other), otherPub]) })).to.not.equal(true);
    });

    it('a value read twice is still pushed once (scryptlib fills only the first placeholder)', () => {
      const { hex } = compile(`
contract Twice {
  const int a;
  const int b;
  public function unlock(int x, int y) {
    require(x == this.a + this.b);
    require(y == this.a * 2);
  }
}`);
      expect(hex.split('<a>').length).to.equal(2);
      expect(hex.split('<b>').length).to.equal(2);
      expect(hex.startsWith('<a>')).to.equal(true);
      const locking = fillTemplate(hex, { a: 5n, b: 7n });
      expect(runSpend({ locking, unlocking: unlockingHex([12n, 10n]) })).to.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex([12n, 11n]) })).to.not.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex([13n, 10n]) })).to.not.equal(true);
    });

    it('values read once inside one public function or one branch', () => {
      const { hex } = compile(`
contract Branches {
  const int a;
  const bytes h;
  const int unused;
  public function one(int x) {
    if (x > 0) {
      require(x == this.a);
    } else {
      require(x == -1);
    }
  }
  public function two(bytes d) {
    require(sha256(d) == this.h);
  }
}`);
      for (const p of ['<a>', '<h>', '<unused>']) expect(hex.split(p).length).to.equal(2);
      const h = Utils.toHex(Hash.sha256(Utils.toArray('abcd', 'hex')));
      const locking = fillTemplate(hex, { a: 300n, h, unused: 9n });
      expect(runSpend({ locking, unlocking: unlockingHex([300n, 0n]) })).to.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex([-1n, 0n]) })).to.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex([301n, 0n]) })).to.not.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex([-2n, 0n]) })).to.not.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex(['abcd', 1n]) })).to.equal(true);
      expect(runSpend({ locking, unlocking: unlockingHex(['abce', 1n]) })).to.not.equal(true);
    });
  });
});
