/**
 * Opening a link outside the app: only http and https (no `file:`, `javascript:`, custom
 * protocol handlers that could start programs), and only after the person saw the address and
 * agreed, unless they turned the question off in the settings.
 */
export interface ExternalLinkDeps {
  confirm(url: string): Promise<boolean>;
  openExternal(url: string): Promise<void>;
  shouldConfirm(): boolean;
}

/** Whether `url` may leave the app at all. */
export function isOpenableExternally(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/** Offers the link; resolves true when it was opened. */
export async function openExternalLink(url: string, deps: ExternalLinkDeps): Promise<boolean> {
  if (!isOpenableExternally(url)) return false;
  const href = new URL(url).href;
  if (deps.shouldConfirm() && !(await deps.confirm(href))) return false;
  await deps.openExternal(href);
  return true;
}
