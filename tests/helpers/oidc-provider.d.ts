// oidc-provider ships no types; the part tests/helpers/strict-oidc.ts uses.
declare module "oidc-provider" {
  import type { IncomingMessage, ServerResponse } from "node:http";
  export type Configuration = Record<string, unknown> & {
    findAccount?: (ctx: any, sub: string) => Promise<{ accountId: string; claims(): Promise<{ sub: string }> } | undefined>;
    loadExistingGrant?: (ctx: any) => Promise<any>;
    interactions?: { url: (ctx: any, interaction: { uid: string }) => string };
  };
  export default class Provider {
    constructor(issuer: string, configuration: Configuration);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    interactionFinished(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    Grant: any;
    on(event: string, listener: (...args: any[]) => void): this;
  }
}
