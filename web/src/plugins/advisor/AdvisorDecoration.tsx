import type { MessageSource } from "./types.js";
import type { MessageDecorationProps } from "../types.js";
import { MessageSources } from "./MessageSources.js";
import { QuickReplies } from "./QuickReplies.js";

/** Under an answer: a clarifying question's quick replies, and the sources of its figures (the advisor's annotations). */
export default function AdvisorDecoration({ message, host }: MessageDecorationProps) {
  const annotated = message as { sources?: MessageSource[]; quickReplies?: string[] };
  return (
    <>
      <QuickReplies choices={annotated.quickReplies} host={host} />
      <MessageSources sources={annotated.sources} />
    </>
  );
}
