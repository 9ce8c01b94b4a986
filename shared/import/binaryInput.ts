/**
 * Recognises file contents that are not UTF-8 text, before they are decoded as UTF-8 (PRODUCT.md,
 * "Bad input and data safety": a ZIP archive renamed `.tm7` is refused with a clear message).
 *
 * The importers receive text: the CLI and the app decode the file's bytes as UTF-8 first. Decoded
 * that way, a ZIP archive, a UTF-16 file or a Windows-1252 file turns into replacement characters
 * and NULs, and any parser's complaint about them would point at the wrong problem. So the file
 * reading asks this function first and shows its sentence instead.
 */

/** How much of the file is examined for binary content and for UTF-16 without a byte order mark. */
const SAMPLE_LENGTH = 8 * 1024;

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((value, index) => bytes[index] === value);
}

/** The offset of the first byte that breaks UTF-8 (overlong forms and surrogates included), or -1. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    // The sequence length and the allowed range of the second byte (RFC 3629, table 3-7 of
    // the Unicode standard): this excludes overlong forms, surrogates and code points above
    // U+10FFFF.
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return index;
    for (let offset = 1; offset < length; offset++) {
      const next = bytes[index + offset];
      const [min, max] = offset === 1 ? [low, high] : [0x80, 0xbf];
      if (next === undefined || next < min || next > max) return index;
    }
    index += length;
  }
  return -1;
}

/**
 * Whether the sample looks like UTF-16 without a byte order mark: text in the Latin range has a
 * zero in every other byte.
 */
function looksLikeUtf16(sample: Uint8Array): 'LE' | 'BE' | null {
  if (sample.length < 4) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index++) {
    if (sample[index] !== 0) continue;
    if (index % 2 === 0) evenZeros += 1;
    else oddZeros += 1;
  }
  const half = sample.length / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.1) return 'LE';
  if (evenZeros > half * 0.6 && oddZeros < half * 0.1) return 'BE';
  return null;
}

const SAVE_AS_UTF8 = 'Save it as UTF-8 (in Notepad: Save As…, Encoding: UTF-8) and open it again.';

/**
 * A sentence saying why `bytes` cannot be read as UTF-8 text (a ZIP or gzip archive, UTF-16 or
 * UTF-32, other binary data, or bytes that are not valid UTF-8), or null when they are UTF-8
 * text (with or without a byte order mark).
 */
export function describeBinaryInput(bytes: Uint8Array): string | null {
  if (
    startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) ||
    startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]) ||
    startsWith(bytes, [0x50, 0x4b, 0x07, 0x08])
  )
    return 'The file is a ZIP archive, not a text file, so it cannot be imported as it is: if it holds a model, extract it first and open the file inside.';
  if (startsWith(bytes, [0x1f, 0x8b]))
    return 'The file is gzip-compressed, not a text file: decompress it first and open the file inside.';
  if (startsWith(bytes, [0xff, 0xfe, 0x00, 0x00]) || startsWith(bytes, [0x00, 0x00, 0xfe, 0xff]))
    return `The file is encoded as UTF-32; Gatehouse reads UTF-8 text. ${SAVE_AS_UTF8}`;
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff]))
    return `The file is encoded as UTF-16 (it starts with a UTF-16 byte order mark); Gatehouse reads UTF-8 text. ${SAVE_AS_UTF8}`;
  const sample = bytes.subarray(0, SAMPLE_LENGTH);
  const utf16 = looksLikeUtf16(sample);
  if (utf16 !== null)
    return `The file looks like UTF-16 text (${utf16 === 'LE' ? 'little' : 'big'}-endian, without a byte order mark); Gatehouse reads UTF-8 text. ${SAVE_AS_UTF8}`;
  if (sample.includes(0))
    return 'The file holds binary data (it contains NUL bytes), not text: it is not a model Gatehouse can open or import.';
  const invalid = invalidUtf8Offset(bytes);
  if (invalid !== -1)
    return `The file is not valid UTF-8 (byte ${invalid} cannot start or continue a UTF-8 character); it may be in a legacy encoding such as Windows-1252. ${SAVE_AS_UTF8}`;
  return null;
}
