/**
 * Text from a person (a farmer's name) placed into markdown the advisor writes: every ASCII punctuation
 * character is backslash-escaped (CommonMark allows it for all of them), so a name renders as the same
 * text and never as a link, an autolink (`http\://`, `www\.`), emphasis or HTML.
 */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, "\\$&");
}
