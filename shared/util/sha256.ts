/**
 * SHA-256 of a string (UTF-8), hex-encoded.
 *
 * Why not only `@noble/hashes`: threat IDs are hashed for every threat of every analysis, and a
 * 10,000-element model yields tens of thousands of threats. `@noble/hashes` costs about 3.5 µs a
 * call on these short keys (allocation of the message bytes and hasher state dominates), which
 * alone would spend the whole 100 ms analysis budget. This version reuses one message schedule,
 * packs ASCII input straight into 32-bit words, and is checked against `@noble/hashes` by a
 * property test (`sha256.test.ts`), so it cannot silently drift from the standard.
 */

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const W = new Int32Array(64);
const H = new Int32Array(8);
const encoder = new TextEncoder();
let words = new Int32Array(64);

/**
 * Packs ASCII text four characters to a word. Returns false (and leaves `words` partly written)
 * at the first non-ASCII character, so the caller can fall back to UTF-8 encoding.
 */
function packAscii(text: string): boolean {
  const length = text.length;
  const fullWords = length >> 2;
  for (let w = 0, i = 0; w < fullWords; w++, i += 4) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    if ((c0 | c1 | c2 | c3) > 0x7f) return false;
    words[w] = (c0 << 24) | (c1 << 16) | (c2 << 8) | c3;
  }
  for (let i = fullWords << 2; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return false;
    words[i >> 2]! |= c << (24 - (i & 3) * 8);
  }
  return true;
}

function packBytes(bytes: Uint8Array): void {
  for (let i = 0; i < bytes.length; i++) words[i >> 2]! |= bytes[i]! << (24 - (i & 3) * 8);
}

/** The words of a padded message of `byteLength` bytes: whole 64-byte blocks. */
function paddedWordCount(byteLength: number): number {
  return (((byteLength + 9 + 63) >> 6) << 6) >> 2;
}

/** Makes `words` hold at least `count` words, keeping what it holds. */
function reserveWords(count: number): void {
  if (words.length >= count) return;
  const grown = new Int32Array(count * 2);
  grown.set(words);
  words = grown;
}

/** Sizes and zeroes `words` for a message of `byteLength` bytes. */
function prepareWords(byteLength: number): void {
  const wordCount = paddedWordCount(byteLength);
  reserveWords(wordCount);
  words.fill(0, 0, wordCount);
}

/** Packs the message into big-endian words; returns its length in bytes. */
function packMessage(text: string): number {
  // ASCII is one byte a character: try that first (IDs and canonical JSON almost always are).
  prepareWords(text.length);
  if (packAscii(text)) return text.length;
  const bytes = encoder.encode(text);
  prepareWords(bytes.length);
  packBytes(bytes);
  return bytes.length;
}

/**
 * Pads the message of `byteLength` bytes in `words` (every bit after its last byte zero up to
 * the next word) and hashes it into `H`.
 */
function padAndDigest(byteLength: number): void {
  const wordCount = paddedWordCount(byteLength);
  reserveWords(wordCount);
  words.fill(0, (byteLength + 3) >> 2, wordCount);
  words[byteLength >> 2]! |= 0x80 << (24 - (byteLength & 3) * 8);
  // The 64-bit big-endian bit length: high word, then low word.
  words[wordCount - 2] = Math.floor(byteLength / 0x20000000);
  words[wordCount - 1] = (byteLength * 8) | 0;
  H.set(INITIAL_STATE);
  for (let offset = 0; offset < wordCount; offset += 16) compress(offset);
}

function compress(offset: number): void {
  for (let t = 0; t < 16; t++) W[t] = words[offset + t] as number;
  for (let t = 16; t < 64; t++) {
    const w15 = W[t - 15] as number;
    const w2 = W[t - 2] as number;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    W[t] = ((W[t - 16] as number) + s0 + (W[t - 7] as number) + s1) | 0;
  }
  let a = H[0] as number;
  let b = H[1] as number;
  let c = H[2] as number;
  let d = H[3] as number;
  let e = H[4] as number;
  let f = H[5] as number;
  let g = H[6] as number;
  let h = H[7] as number;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + (K[t] as number) + (W[t] as number)) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0] as number) + a;
  H[1] = (H[1] as number) + b;
  H[2] = (H[2] as number) + c;
  H[3] = (H[3] as number) + d;
  H[4] = (H[4] as number) + e;
  H[5] = (H[5] as number) + f;
  H[6] = (H[6] as number) + g;
  H[7] = (H[7] as number) + h;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function toHex(word: number): string {
  return (
    HEX_BYTES[(word >>> 24) & 0xff]! +
    HEX_BYTES[(word >>> 16) & 0xff]! +
    HEX_BYTES[(word >>> 8) & 0xff]! +
    HEX_BYTES[word & 0xff]!
  );
}

const INITIAL_STATE = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** Hashes `text` into the shared state `H`. */
function digestInto(text: string): void {
  padAndDigest(packMessage(text));
}

/** Lower-case hex SHA-256 of the UTF-8 encoding of `text`, in pure JavaScript. */
export function sha256HexPure(text: string): string {
  digestInto(text);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += toHex(H[i] as number);
  return hex;
}

/**
 * A SHA-256 implementation: lower-case hex of the digest of the UTF-8 encoding of a string
 * (lone surrogates encoded as U+FFFD, as `TextEncoder` and Node's `utf8` do).
 */
export type Sha256HexFunction = (text: string) => string;

let nativeHex: Sha256HexFunction | null = null;

/**
 * Makes `sha256Hex` and the hashed IDs use `hex` — the CLI passes `node:crypto`'s, which
 * hashes a 1 MB model in ≈ 1.5 ms against ≈ 15 ms here and threat IDs about three times as
 * fast. `shared/` imports nothing from Node, so the platform's hash has to be handed in; it is
 * installed once at start-up rather than passed down every call chain (model digest, pack
 * digests, threat, story and foreign IDs) because the result is the same by definition
 * (`sha256.test.ts` checks both on random text). `null` goes back to the pure-JavaScript one.
 */
export function useSha256Implementation(hex: Sha256HexFunction | null): void {
  nativeHex = hex;
}

/** Lower-case hex SHA-256 of the UTF-8 encoding of `text`. */
export function sha256Hex(text: string): string {
  return nativeHex === null ? sha256HexPure(text) : nativeHex(text);
}

// Hashed IDs built from pieces (`beginHashedId`, `addToHashedId`, `endHashedId`). Threat IDs are
// made for every threat of every analysis (21,721 at 10,000 elements), and joining their keys,
// flattening the joined string and assembling the hex from pieces made about a third of all the
// bytes an analysis allocates. The pure-JavaScript path writes each piece's UTF-8 bytes straight
// into `words` and builds the ID in one string; with a native implementation the pieces are
// joined, since it hashes strings.
let idBytes = 0;
let idText: string | null = null;

/** Starts a hashed ID; one at a time (`endHashedId` finishes it). */
export function beginHashedId(): void {
  idBytes = 0;
  idText = nativeHex === null ? null : '';
}

/** Appends `text` to the hashed ID's message, as if the pieces were joined with nothing. */
export function addToHashedId(text: string): void {
  if (idText !== null) {
    idText += text;
    return;
  }
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      writeIdByte(code);
    } else if (code < 0x800) {
      writeIdByte(0xc0 | (code >> 6));
      writeIdByte(0x80 | (code & 0x3f));
    } else {
      let point = code;
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          point = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          point = 0xfffd; // a lone surrogate, encoded as TextEncoder does
        }
      }
      if (point >= 0x10000) {
        writeIdByte(0xf0 | (point >> 18));
        writeIdByte(0x80 | ((point >> 12) & 0x3f));
      } else {
        writeIdByte(0xe0 | (point >> 12));
      }
      writeIdByte(0x80 | ((point >> 6) & 0x3f));
      writeIdByte(0x80 | (point & 0x3f));
    }
  }
}

function writeIdByte(byte: number): void {
  const position = idBytes++;
  const word = position >> 2;
  if ((position & 3) === 0) {
    // A word's first byte: room for it and the padding, and no stale bits from an older message.
    reserveWords(word + 1);
    words[word] = byte << 24;
  } else {
    words[word]! |= byte << (24 - (position & 3) * 8);
  }
}

const HEX_CODES = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** The character code of the hex digit of `word` at `shift`. */
function hex(word: number, shift: number): number {
  return HEX_CODES[(word >>> shift) & 15]!;
}

/** `prefix` (two characters, such as `T-`) + the first 16 hex digits of the message's SHA-256. */
export function endHashedId(prefix: string): string {
  if (idText !== null) return prefix + nativeHex!(idText).slice(0, 16);
  padAndDigest(idBytes);
  // One string from its character codes, no hex pieces to concatenate (written out: faster
  // than a loop into an array and `apply`, ≈ 2 ms per 21,721 IDs).
  const a = H[0]!;
  const b = H[1]!;
  return String.fromCharCode(
    prefix.charCodeAt(0),
    prefix.charCodeAt(1),
    hex(a, 28),
    hex(a, 24),
    hex(a, 20),
    hex(a, 16),
    hex(a, 12),
    hex(a, 8),
    hex(a, 4),
    hex(a, 0),
    hex(b, 28),
    hex(b, 24),
    hex(b, 20),
    hex(b, 16),
    hex(b, 12),
    hex(b, 8),
    hex(b, 4),
    hex(b, 0),
  );
}
