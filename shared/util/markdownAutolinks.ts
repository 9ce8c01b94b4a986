/**
 * GitHub's Markdown turns bare addresses into links (`https://…`, `www.…`, `name@host`) and `@name`
 * into a mention that notifies a person or a team — even when every Markdown character is
 * escaped. A word joiner (U+2060, invisible) after `@`, inside `://` and after `www` keeps user
 * text in reports and pull-request comments inert, without changing what a reader sees.
 */
const WORD_JOINER = '\u2060';

/** `text` with autolink and mention triggers broken by an invisible word joiner. */
export function defuseAutolinks(text: string): string {
  return text
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/:\/\//g, `:${WORD_JOINER}//`)
    .replace(/\b(www)\./gi, `$1${WORD_JOINER}.`);
}
