// cookie 0.7 (express-session's cookie parser) ships no types.
declare module "cookie" {
  export function parse(header: string, options?: { decode?(value: string): string }): Record<string, string | undefined>;
}
