/**
 * The Content-Security-Policy of the app, one string for both hosts: the Electron shell sends
 * it as a header of its custom scheme, and the web build carries it in a `<meta>` tag and the
 * preview server's header — so the end-to-end tests run under the policy users get.
 *
 * - Scripts only from the app's own origin: no inline script, no eval (zod runs `jitless` in the
 *   renderer for this reason), no remote code.
 * - Styles from the origin plus inline: React Flow positions nodes through style attributes and
 *   the component library injects its theme variables as a style element. Style injection cannot
 *   run code, and user text never becomes markup (it is rendered as React text).
 * - Images from the origin and `data:`/`blob:` URLs (diagram export builds images in memory).
 * - No network: `connect-src 'self'` only (Jira requests go through the main process).
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** The policy as a `<meta http-equiv>` can carry it. */
export const CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY_DIRECTIVES.join('; ');

/** The policy as an HTTP header: adds what only a header can say (no framing by other sites). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;

/**
 * Every response header the app's pages carry, in both hosts (the desktop scheme handler and the
 * web preview server): the policy, no MIME sniffing, no referrer, and a window no other origin
 * can script.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
