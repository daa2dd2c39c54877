// The standard library the official compiler carries built in, written in sCrypt and compiled
// together with every contract (only what a contract calls ends up in its script, inlined).
// Semantics follow scrypt-ts's TypeScript versions in node_modules/scrypt-ts.

import { OPCODE_TABLE } from '../ir/opcodes'

const OPCODE_LIBRARY = `library OpCode {\n${Object.entries(OPCODE_TABLE)
  .map(([name, code]) => `  static const OpCodeType ${name} = OpCodeType(b'${code.toString(16).padStart(2, '0')}');`)
  .join('\n')}\n}\n`

// HashedMap and HashedSet keep only hashes (scryptlib's flattenSha256) of keys and values, in
// entries sorted by their key hash read as a script number (scryptlib's toData: 32-byte key hash
// then 32-byte value hash per map entry, 32 bytes per set element). Every access names the
// key's place in that order (SortedItem.idx, scryptlib's findKeyIndex, the access path scrypt-ts
// passes): an index that is not the key's place (where it is, or would be inserted) fails.
// Index -1 is how scrypt-ts's access path says a key is not there (has, canGet and delete of a
// missing key): those answer false for it, unchecked, as no script can prove an absence without
// the key's place, so a contract must not rely on !has(key) against an adversary who picks the path.
const HASHED_COLLECTIONS = `
struct SortedItem<T> {
  T item;
  int idx;
}

library HashedMap<K, V> {
  bytes _data;

  function size() : int {
    return len(this._data) / 64;
  }

  function data() : bytes {
    return this._data;
  }

  function clear() : bool {
    this._data = b'';
    return true;
  }

  // whether key hash k sits at entry idx (else it belongs right there); fails for any other idx
  function find(bytes k, int idx) : bool {
    bool found = false;
    if (idx != -1) {
      int n = len(this._data) / 64;
      require(idx >= 0 && idx <= n);
      if (idx > 0) {
        require(unpack(this._data[idx * 64 - 64 : idx * 64 - 32]) < unpack(k));
      }
      if (idx < n) {
        bytes at = this._data[idx * 64 : idx * 64 + 32];
        found = at == k;
        if (!found) {
          require(unpack(k) < unpack(at));
        }
      }
    }
    return found;
  }

  function has(SortedItem<K> key) : bool {
    return this.find(flattenSha256(key.item), key.idx);
  }

  function canGet(SortedItem<K> key, V val) : bool {
    bool r = false;
    if (this.find(flattenSha256(key.item), key.idx)) {
      r = this._data[key.idx * 64 + 32 : key.idx * 64 + 64] == flattenSha256(val);
    }
    return r;
  }

  function set(SortedItem<K> key, V val) : bool {
    bytes k = flattenSha256(key.item);
    bool found = this.find(k, key.idx);
    int start = key.idx * 64;
    this._data = this._data[: start] + k + flattenSha256(val) + this._data[found ? start + 64 : start :];
    return true;
  }

  function delete(SortedItem<K> key) : bool {
    bool found = this.find(flattenSha256(key.item), key.idx);
    if (found) {
      int start = key.idx * 64;
      this._data = this._data[: start] + this._data[start + 64 :];
    }
    return found;
  }
}

library HashedSet<E> {
  bytes _data;

  function size() : int {
    return len(this._data) / 32;
  }

  function data() : bytes {
    return this._data;
  }

  function clear() : bool {
    this._data = b'';
    return true;
  }

  function find(bytes k, int idx) : bool {
    bool found = false;
    if (idx != -1) {
      int n = len(this._data) / 32;
      require(idx >= 0 && idx <= n);
      if (idx > 0) {
        require(unpack(this._data[idx * 32 - 32 : idx * 32]) < unpack(k));
      }
      if (idx < n) {
        bytes at = this._data[idx * 32 : idx * 32 + 32];
        found = at == k;
        if (!found) {
          require(unpack(k) < unpack(at));
        }
      }
    }
    return found;
  }

  function has(SortedItem<E> key) : bool {
    return this.find(flattenSha256(key.item), key.idx);
  }

  function add(SortedItem<E> key) : bool {
    bytes k = flattenSha256(key.item);
    if (!this.find(k, key.idx)) {
      this._data = this._data[: key.idx * 32] + k + this._data[key.idx * 32 :];
    }
    return true;
  }

  function delete(SortedItem<E> key) : bool {
    bool found = this.find(flattenSha256(key.item), key.idx);
    if (found) {
      this._data = this._data[: key.idx * 32] + this._data[key.idx * 32 + 32 :];
    }
    return found;
  }
}
`

export const STD_SOURCE = OPCODE_LIBRARY + HASHED_COLLECTIONS + `
library Constants {
  static const int InputSeqLen = 4;
  static const int OutputValueLen = 8;
  static const int PubKeyLen = 33;
  static const int PubKeyHashLen = 20;
  static const int TxIdLen = 32;
  static const int OutpointLen = 36;
}

library Utils {
  static const int OutputValueLen = 8;
  static const int PubKeyHashLen = 20;

  static function toLEUnsigned(int n, int l) : bytes {
    bytes m = num2bin(n, l + 1);
    return m[0 : len(m) - 1];
  }

  static function fromLEUnsigned(bytes b) : int {
    return unpack(b + b'00');
  }

  static function readVarint(bytes buf) : bytes {
    bytes ret = b'';
    bytes header = buf[0 : 1];
    if (header == b'fd') {
      ret = buf[3 : 3 + Utils.fromLEUnsigned(buf[1 : 3])];
    } else if (header == b'fe') {
      ret = buf[5 : 5 + Utils.fromLEUnsigned(buf[1 : 5])];
    } else if (header == b'ff') {
      ret = buf[9 : 9 + Utils.fromLEUnsigned(buf[1 : 9])];
    } else {
      ret = buf[1 : 1 + Utils.fromLEUnsigned(header)];
    }
    return ret;
  }

  static function writeVarint(bytes buf) : bytes {
    int n = len(buf);
    bytes header = b'';
    if (n < 0xfd) {
      header = Utils.toLEUnsigned(n, 1);
    } else if (n < 0x10000) {
      header = b'fd' + Utils.toLEUnsigned(n, 2);
    } else if (n < 0x100000000) {
      header = b'fe' + Utils.toLEUnsigned(n, 4);
    } else {
      header = b'ff' + Utils.toLEUnsigned(n, 8);
    }
    return header + buf;
  }

  static function buildOutput(bytes outputScript, int outputSatoshis) : bytes {
    return num2bin(outputSatoshis, 8) + Utils.writeVarint(outputScript);
  }

  static function buildPublicKeyHashScript(PubKeyHash pubKeyHash) : bytes {
    return b'76a914' + pubKeyHash + b'88ac';
  }

  static function buildPublicKeyHashOutput(PubKeyHash pubKeyHash, int amount) : bytes {
    return Utils.buildOutput(Utils.buildPublicKeyHashScript(pubKeyHash), amount);
  }

  static function buildAddressScript(PubKeyHash addr) : bytes {
    return Utils.buildPublicKeyHashScript(addr);
  }

  static function buildAddressOutput(PubKeyHash addr, int amount) : bytes {
    return Utils.buildPublicKeyHashOutput(addr, amount);
  }

  static function buildOpreturnScript(bytes data) : bytes {
    return b'006a' + Utils.writeVarint(data);
  }

  // whether the spent output is a stateful contract's first (its isGenesis byte is set)
  static function isFirstCall(SigHashPreimage preimage) : bool {
    return Tx.isFirstCall(preimage);
  }
}

library SigHash {
  static const SigHashType ALL = SigHashType(b'41');
  static const SigHashType NONE = SigHashType(b'42');
  static const SigHashType SINGLE = SigHashType(b'43');
  static const SigHashType ANYONECANPAY_ALL = SigHashType(b'c1');
  static const SigHashType ANYONECANPAY_NONE = SigHashType(b'c2');
  static const SigHashType ANYONECANPAY_SINGLE = SigHashType(b'c3');
  // flags, combined with |: SigHash.SINGLE | SigHash.ANYONECANPAY is c3
  static const SigHashType ANYONECANPAY = SigHashType(b'80');
  static const SigHashType FORKID = SigHashType(b'40');

  static function nVersion(SigHashPreimage preimage) : bytes {
    return preimage[0 : 4];
  }
  static function hashPrevouts(SigHashPreimage preimage) : Sha256 {
    return Sha256(preimage[4 : 36]);
  }
  static function hashSequence(SigHashPreimage preimage) : Sha256 {
    return Sha256(preimage[36 : 68]);
  }
  static function outpoint(SigHashPreimage preimage) : bytes {
    return preimage[68 : 104];
  }
  // the script code sits between the outpoint and the value: only its varint prefix is skipped
  static function scriptCode(SigHashPreimage preimage) : bytes {
    bytes sc = preimage[104 : len(preimage) - 52];
    bytes h = sc[0 : 1];
    return sc[h == b'fd' ? 3 : (h == b'fe' ? 5 : (h == b'ff' ? 9 : 1)) :];
  }
  static function valueRaw(SigHashPreimage preimage) : bytes {
    int l = len(preimage);
    return preimage[l - 52 : l - 44];
  }
  static function value(SigHashPreimage preimage) : int {
    return Utils.fromLEUnsigned(SigHash.valueRaw(preimage));
  }
  static function nSequenceRaw(SigHashPreimage preimage) : bytes {
    int l = len(preimage);
    return preimage[l - 44 : l - 40];
  }
  static function nSequence(SigHashPreimage preimage) : int {
    return Utils.fromLEUnsigned(SigHash.nSequenceRaw(preimage));
  }
  static function hashOutputs(SigHashPreimage preimage) : Sha256 {
    int l = len(preimage);
    return Sha256(preimage[l - 40 : l - 8]);
  }
  static function nLocktimeRaw(SigHashPreimage preimage) : bytes {
    int l = len(preimage);
    return preimage[l - 8 : l - 4];
  }
  static function nLocktime(SigHashPreimage preimage) : int {
    return Utils.fromLEUnsigned(SigHash.nLocktimeRaw(preimage));
  }
  static function sigHashType(SigHashPreimage preimage) : SigHashType {
    int l = len(preimage);
    return SigHashType(preimage[l - 4 : l - 3]);
  }
}

library Tx {
  // secp256k1 group order, its half, and the x coordinate of the generator G (the R of k = 1)
  static const int N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;
  static const int HALF_N = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;
  static const int GX = 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798;

  static function fromBEUnsigned(bytes b) : int {
    return unpack(reverseBytes(b, 32) + b'00');
  }

  // OP_PUSH_TX: a signature over the preimage's digest with private key 1 and nonce 1 is
  // computed in script and checked against the generator point, so CHECKSIG succeeds exactly
  // when the preimage is the spending transaction's.
  static function checkPreimageSigHashType(SigHashPreimage txPreimage, SigHashType sigHashType) : bool {
    return checkSig(Tx.pushTxSig(txPreimage, sigHashType), PubKey(b'0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'));
  }

  // the signature of OP_PUSH_TX (private key 1, nonce 1) over the preimage's digest
  static function pushTxSig(SigHashPreimage txPreimage, SigHashType sigHashType) : Sig {
    int s = (Tx.fromBEUnsigned(hash256(txPreimage)) + Tx.GX) % Tx.N;
    // low S: of s and N - s, the smaller is at most N / 2
    s = min(s, Tx.N - s);
    int slen = len(pack(s));
    bytes sBE = reverseBytes(num2bin(s, 32), 32)[32 - slen :];
    return Sig(b'30' + num2bin(36 + slen, 1) + b'022079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798' + b'02' + num2bin(slen, 1) + sBE + sigHashType);
  }

  static function checkPreimage(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashType(txPreimage, SigHashType(b'41'));
  }

  // The official compiler's optimized checks accept only preimages whose digest suits a fixed
  // s (scryptlib's getLowSPreimage malleates the transaction until it does); the general check
  // above accepts those and every other real preimage, so they are the general check here.
  static function checkPreimageOpt(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashType(txPreimage, SigHashType(b'41'));
  }

  // the sighash type is the template value <Tx.checkPreimageOpt_.sigHashType> (replaceAsmVars)
  static function checkPreimageOpt_(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashType(txPreimage, Tx.optSigHashType());
  }

  static function optSigHashType() : SigHashType {
    asm { $Tx.checkPreimageOpt_.sigHashType }
  }

  // With a code separator right before the signature check: the preimage's script code is the
  // locking script after it (what a checkSig after it signs).
  static function checkPreimageSigHashTypeOCS(SigHashPreimage txPreimage, SigHashType sigHashType) : bool {
    Sig sig = Tx.pushTxSig(txPreimage, sigHashType);
    ***
    return checkSig(sig, PubKey(b'0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798'));
  }

  static function checkPreimageOCS(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashTypeOCS(txPreimage, SigHashType(b'41'));
  }

  static function checkPreimageOptOCS(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashTypeOCS(txPreimage, SigHashType(b'41'));
  }

  // the sighash type is the template value <Tx.checkPreimageOptOCS_.sigHashType>
  static function checkPreimageOptOCS_(SigHashPreimage txPreimage) : bool {
    return Tx.checkPreimageSigHashTypeOCS(txPreimage, Tx.optOCSSigHashType());
  }

  static function optOCSSigHashType() : SigHashType {
    asm { $Tx.checkPreimageOptOCS_.sigHashType }
  }

  // scrypt-ts's key and nonce for the advanced check's callers that want them
  static const PrivKey privKey = PrivKey(0x26f00fe2340a84335ebdf30f57e9bb58487117b29355718f5e46bf5168d7df97);
  static const PubKey pubKey = PubKey(b'02ba79df5f8ae7604a9830f03c7933028186aede0675a16f025dc4f8be8eec0382');
  static const int invK = 0xc8ffdbaa05d93aa4ede79ec58f06a72562048b775a3507c2bf44bde4f007c40a;
  static const int r = 0x1008ce7480da41702918d1ec8e6849ba32b4d65b1e40dc669c31a1e6306b266c;
  static const bytes rBigEndian = b'1008ce7480da41702918d1ec8e6849ba32b4d65b1e40dc669c31a1e6306b266c';

  static function normalize(int k, int modulus) : int {
    int res = k % modulus;
    return res < 0 ? res + modulus : res;
  }

  // ECDSA in script, as scrypt-ts's Tx.sign: s = k^-1 (h + r d), low S, strict DER
  static function sign(int h, PrivKey privKey, int inverseK, int r, bytes rBigEndian, SigHashType sigHashType) : Sig {
    int s = Tx.normalize(inverseK * (h + r * privKey), Tx.N);
    s = min(s, Tx.N - s);
    int rlen = len(rBigEndian);
    int slen = len(pack(s));
    bytes sBE = reverseBytes(num2bin(s, 32), 32)[32 - slen :];
    return Sig(b'30' + pack(4 + rlen + slen) + b'02' + pack(rlen) + rBigEndian + b'02' + pack(slen) + sBE + sigHashType);
  }

  // OP_PUSH_TX with the caller's key and nonce (pubKey must be privKey's, r the x of inverseK^-1 G)
  static function checkPreimageAdvanced(SigHashPreimage txPreimage, PrivKey privKey, PubKey pubKey, int inverseK, int r, bytes rBigEndian, SigHashType sigHashType) : bool {
    Sig sig = Tx.sign(Tx.fromBEUnsigned(hash256(txPreimage)), privKey, inverseK, r, rBigEndian, sigHashType);
    return checkSig(sig, pubKey);
  }

  static function checkPreimageAdvancedOCS(SigHashPreimage txPreimage, PrivKey privKey, PubKey pubKey, int inverseK, int r, bytes rBigEndian, SigHashType sigHashType) : bool {
    Sig sig = Tx.sign(Tx.fromBEUnsigned(hash256(txPreimage)), privKey, inverseK, r, rBigEndian, sigHashType);
    ***
    return checkSig(sig, pubKey);
  }

  // whether the spent output is a stateful contract's first (its isGenesis byte is set)
  static function isFirstCall(SigHashPreimage txPreimage) : bool {
    bytes scriptCode = SigHash.scriptCode(txPreimage);
    int stateStart = VarIntReader.getStateStart(scriptCode);
    return scriptCode[stateStart : stateStart + 1] != b'00';
  }
}

library VarIntWriter {
  static function writeBytes(bytes buf) : bytes {
    int n = len(buf);
    bytes header = b'';
    if (n < 0x4c) {
      header = Utils.toLEUnsigned(n, 1);
    } else if (n < 0x100) {
      header = b'4c' + Utils.toLEUnsigned(n, 1);
    } else if (n < 0x10000) {
      header = b'4d' + Utils.toLEUnsigned(n, 2);
    } else {
      require(n < 0x100000000);
      header = b'4e' + Utils.toLEUnsigned(n, 4);
    }
    return header + buf;
  }
  static function writeBool(bool x) : bytes {
    return x ? b'01' : b'00';
  }
  static function writeInt(int x) : bytes {
    return VarIntWriter.writeBytes(x == 0 ? b'00' : pack(x));
  }
  static function serializeState(bytes stateBuf) : bytes {
    return stateBuf + num2bin(len(stateBuf), 4) + b'00';
  }
}

library VarIntReader {
  static const int StateLen = 4;
  static const int VersionLen = 1;
  static const int Version = 0;

  bytes buf;
  int pos;

  constructor(bytes buf) {
    this.buf = buf;
    this.pos = 0;
  }

  function eof() : bool {
    return this.pos >= len(this.buf);
  }

  function readBytes() : bytes {
    int l = 0;
    bytes buf = this.buf;
    bytes ret = b'';
    int header = unpack(buf[this.pos : this.pos + 1]);
    this.pos++;
    if (header < 0x4c) {
      l = header;
    } else if (header == 0x4c) {
      l = Utils.fromLEUnsigned(buf[this.pos : this.pos + 1]);
      this.pos += 1;
    } else if (header == 0x4d) {
      l = Utils.fromLEUnsigned(buf[this.pos : this.pos + 2]);
      this.pos += 2;
    } else {
      require(header == 0x4e);
      l = Utils.fromLEUnsigned(buf[this.pos : this.pos + 4]);
      this.pos += 4;
    }
    ret = buf[this.pos : this.pos + l];
    this.pos += l;
    return ret;
  }

  function readBool() : bool {
    bytes b = this.buf[this.pos : this.pos + 1];
    this.pos++;
    return b != b'00';
  }

  function readInt() : int {
    return unpack(this.readBytes());
  }

  static function getStateStart(bytes scriptCode) : int {
    int scriptLen = len(scriptCode);
    int stateLen = unpack(scriptCode[scriptLen - 5 : scriptLen - 1]);
    return scriptLen - stateLen - 5;
  }
}
`
