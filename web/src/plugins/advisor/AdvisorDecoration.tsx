import type { MessageSource } from "./types.js";
import type { MessageDecorationProps } from "../types.js";
import { MessageSources } from "./MessageSources.js";

/** Under an answer: the sources of its figures (the advisor's `sources` annotation). */
export default function AdvisorDecoration({ message }: MessageDecorationProps) {
  return <MessageSources sources={(message as { sources?: MessageSource[] }).sources} />;
}
