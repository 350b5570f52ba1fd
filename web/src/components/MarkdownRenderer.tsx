import ReactMarkdown, { type Components } from "react-markdown";

// Links open outside the app and never carry the page's referrer; anything but http(s)/mailto is
// dropped by react-markdown's default URL transform. Raw HTML is never rendered (no rehype-raw).
const components: Components = {
  a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer nofollow" />,
  img: ({ alt }) => <span>{alt}</span>,
};

export default function MarkdownRenderer({ text }: { text: string }) {
  return (
    <ReactMarkdown skipHtml components={components}>
      {text}
    </ReactMarkdown>
  );
}
