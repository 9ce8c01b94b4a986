/**
 * The one escape every report and SVG goes through: user text (names, descriptions, notes,
 * rationales, rule-pack text) never becomes markup (PRODUCT.md, "Bad input and data safety").
 */

/**
 * Characters XML 1.0 forbids in a document (C0 controls other than tab, line feed and carriage
 * return; lone surrogates; U+FFFE and U+FFFF). A standalone `.svg` file holding one does not
 * parse at all, so one stray control character in a name would break the whole image.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes `text` for XML and HTML alike, in element content and in quoted attribute values:
 * `& < > " '` become entities (so no tag, attribute or entity can start), and characters XML
 * forbids become U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(FORBIDDEN_IN_XML, '\ufffd')
    .replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}
