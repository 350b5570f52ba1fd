import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../server/config.js";
import { loadPluginConfigs } from "../../server/plugin-configs.js";

const errorOf = (env: Record<string, string>) => {
  try {
    loadPluginConfigs(loadConfig(env).env);
  } catch (error) {
    return error as ConfigError;
  }
  throw new Error("expected a ConfigError");
};

describe("configuration", () => {
  it("has the defaults .env.example lists", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.allowedOrigins).toEqual(["http://localhost:3000"]);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.embeddedPg).toEqual({ dir: ".data/postgres", port: 5433, explicitDir: false });
    expect(loadConfig({ EMBEDDED_PG_DIR: ".data/postgres" }).embeddedPg.explicitDir).toBe(true);
    expect(c.devLogin).toBe(true);
    const plugins = loadPluginConfigs(c.env);
    expect(plugins.agent.provider).toBe("offline");
    expect(plugins.agent.offlinePaceMs).toBe(30);
    expect(plugins.personas.adminEmails).toEqual([]);
    expect(c.chat).toEqual({ maxMessageChars: 4000, rateLimitPerMin: 20, maxSocketsPerUser: 30 });
    expect(c.handshakesPerIpPerMin).toBe(120);
    expect(c.sessionSecrets).toHaveLength(1);
    expect(c.sessionSecretGenerated).toBe(true);
  });

  it("treats empty strings as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "  " }).port).toBe(3000);
    expect(loadConfig({ DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });

  it("derives the origin and the allowed origins from PUBLIC_URL", () => {
    const c = loadConfig({ PUBLIC_URL: "https://yonca.example.az/", PORT: "8080" });
    expect(c.publicUrl).toBe("https://yonca.example.az");
    expect(c.allowedOrigins).toEqual(["https://yonca.example.az"]);
  });

  it("reads SESSION_SECRET as a rotation list", () => {
    expect(loadConfig({ SESSION_SECRET: "new, old" }).sessionSecrets).toEqual(["new", "old"]);
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ LLM_PROVIDER: "gpt" }, "LLM_PROVIDER"],
    [{ LLM_PROVIDER: "openai" }, "OPENAI_API_KEY"],
    [{ OLLAMA_BASE_URL: "not a url" }, "OLLAMA_BASE_URL"],
    [{ CHAT_MAX_MESSAGE_CHARS: "0" }, "CHAT_MAX_MESSAGE_CHARS"],
    [{ PUBLIC_URL: "not a url" }, "PUBLIC_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ GOOGLE_CLIENT_ID: "id" }, "GOOGLE_CLIENT_SECRET"],
    [{ NODE_ENV: "production", GOOGLE_CLIENT_ID: "i", GOOGLE_CLIENT_SECRET: "s" }, "SESSION_SECRET"],
    [{ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40), DEV_LOGIN: "1" }, "DEV_LOGIN"],
    [{ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "true" }, "DEV_LOGIN"],
    [{ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "true", NODE_ENV: "test" }, "DEV_LOGIN"],
    [{ TRUST_PROXY: "not-an-address" }, "TRUST_PROXY"],
  ])("refuses %j naming %s", (env, variable) => {
    const error = errorOf(env);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).not.toContain("\n");
  });

  it("turns dev login off by default when Google is configured or in production", () => {
    expect(loadConfig({ GOOGLE_CLIENT_ID: "i", GOOGLE_CLIENT_SECRET: "s" }).devLogin).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) }).devLogin).toBe(false);
  });

  it("reads SOCKET_ADAPTER=redis with REDIS_URL, and the metrics listener", () => {
    const c = loadConfig({});
    expect(c.socketAdapter).toBe("none");
    expect(c.redisUrl).toBe("redis://127.0.0.1:6379");
    expect(c.metrics).toBeUndefined();
    const r = loadConfig({ SOCKET_ADAPTER: "redis", REDIS_URL: "redis://cache.internal:6380/2", METRICS_PORT: "9464", METRICS_HOST: "10.0.0.5" });
    expect(r.socketAdapter).toBe("redis");
    expect(r.redisUrl).toBe("redis://cache.internal:6380/2");
    expect(r.metrics).toEqual({ port: 9464, host: "10.0.0.5" });
    expect(loadConfig({ METRICS_PORT: "9464" }).metrics).toEqual({ port: 9464, host: "127.0.0.1" });
    expect(errorOf({ SOCKET_ADAPTER: "kafka" }).variable).toBe("SOCKET_ADAPTER");
    expect(errorOf({ SOCKET_ADAPTER: "redis", REDIS_URL: "http://cache:6379" }).variable).toBe("REDIS_URL");
    expect(errorOf({ METRICS_PORT: "70000" }).variable).toBe("METRICS_PORT");
  });

  it("turns dev login on by default only for a loopback PUBLIC_URL, and says why", () => {
    const local = loadConfig({});
    expect(local.devLogin).toBe(true);
    expect(local.devLoginReason).toMatch(/loopback/);
    for (const url of ["http://127.0.0.1:3000", "http://[::1]:3000", "http://yonca.localhost:3000"]) {
      expect(loadConfig({ PUBLIC_URL: url }).devLogin).toBe(true);
    }
    const exposed = loadConfig({ PUBLIC_URL: "https://yonca.example.org" });
    expect(exposed.devLogin).toBe(false);
    expect(exposed.devLoginReason).toMatch(/PUBLIC_URL is not a loopback address/);
    expect(loadConfig({ PUBLIC_URL: "http://192.168.1.5:3000" }).devLogin).toBe(false);
    // Forced on a public address only with NODE_ENV=development set explicitly.
    expect(loadConfig({ PUBLIC_URL: "https://yonca.example.org", DEV_LOGIN: "1", NODE_ENV: "development" }).devLogin).toBe(true);
  });

  it("reads TRUST_PROXY as express does: unset = none, loopback, a hop count, CIDRs", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "loopback" }).trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.0.1" }).trustProxy).toEqual(["10.0.0.0/8", "192.168.0.1"]);
  });
});
