import { lazy, Suspense } from "react";

// react-markdown and its parser are a separate chunk, kept out of the initial JavaScript.
const MarkdownRenderer = lazy(() => import("./MarkdownRenderer.js"));

function PlainText({ text }: { text: string }) {
  return <p className="plain-text">{text}</p>;
}

export function Markdown({ text, streaming }: { text: string; streaming?: boolean }) {
  return (
    <div className={`markdown${streaming ? " markdown--streaming" : ""}`}>
      <Suspense fallback={<PlainText text={text} />}>
        <MarkdownRenderer text={text} />
      </Suspense>
    </div>
  );
}

/** Starts fetching the markdown chunk early (after sign-in), so the first answer does not wait. */
export function preloadMarkdown(): void {
  void import("./MarkdownRenderer.js");
}
