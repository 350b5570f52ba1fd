import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { defaultPlugins } from "../../server/main.js";
import type { WeekPanelAnswer } from "../../server/weather/extension.js";
import { createTestDatabase } from "../helpers/db.js";
import { devLogin, once, readySocket, startTestApp, type ClientSocket, type TestApp } from "../helpers/app.js";
import { startOpenMeteoStandIn, type OpenMeteoStandIn } from "../helpers/open-meteo.js";

// The weather plugin (server/weather) over the real socket, database and offline advisor: its forecast
// reaches the advisor's irrigation_this_week tool only through the plugin API ("advisor:weather").
let standIn: OpenMeteoStandIn;
let withWeather: TestApp;
let withoutWeather: TestApp;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  standIn = await startOpenMeteoStandIn({ et0: [5, 5, 5, 5, 5, 5, 5], rain: [0, 0, 3, 0, 0, 0, 0] });
  withWeather = await startTestApp({ env: { WEATHER_PROVIDER: "open-meteo", WEATHER_URL: standIn.url, WEATHER_TIMEOUT_MS: "500" } });
  // The app's own plugins without the weather plugin: the advisor has no forecast provider at all.
  withoutWeather = await startTestApp({ plugins: (deps) => defaultPlugins(deps).filter((p) => p.name !== "weather") });
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  await withWeather?.close();
  await withoutWeather?.close();
  await standIn?.close();
});

beforeEach(() => {
  standIn.mode = "good";
  standIn.requests.length = 0;
});

/**
 * A farmer growing tea (an evergreen crop, in season whatever the month the test runs in), in Lənkəran
 * unless `region` says otherwise: the forecast client keeps one answer (or failure) per place and day.
 */
async function teaFarmer(t: TestApp, email: string, region = "Lənkəran") {
  const cookie = await devLogin(t.url, email);
  const first = await readySocket(t.url, cookie);
  first.socket.close();
  await t.app.database.sql`UPDATE alem_personas SET region = ${region}, crop_type = 'Çay', total_area_ha = 2 WHERE email = ${email}`;
  const { socket, ready } = await readySocket(t.url, cookie);
  sockets.push(socket);
  return { cookie, socket, ready };
}

async function ask(socket: ClientSocket, conversationId: string, text: string) {
  const tools: string[] = [];
  socket.on("chat:tool", (p) => tools.push(p.name));
  const sent = await socket.emitWithAck("chat:send", { conversationId, text, clientMessageId: randomUUID(), language: "en" });
  if (sent.status !== "OK") throw new Error(`chat:send ${sent.error.code}`);
  const done = await once(socket, "chat:done", (p) => p.runId === sent.data.runId, 30_000);
  socket.off("chat:tool");
  return { message: done.message, tools };
}

async function weekPanel(t: TestApp, cookie: string): Promise<{ status: number; body: WeekPanelAnswer }> {
  const res = await fetch(`${t.url}/api/weather/week`, { headers: { cookie, accept: "application/json" } });
  return { status: res.status, body: (await res.json()) as WeekPanelAnswer };
}

const QUESTION = "How much water does my tea need this week?";

describe("the weather plugin's forecast, through the plugin API", () => {
  it("the advisor's irrigation_this_week answers from the forecast, citing Open-Meteo; only the station's coordinates leave", async () => {
    const f = await teaFarmer(withWeather, "weather-forecast@example.az");
    expect(f.ready.panels.map((p) => p.kind)).toContain("weather");
    const { message, tools } = await ask(f.socket, f.ready.conversation.id, QUESTION);
    expect(tools).toContain("irrigation_this_week");
    expect(message.content).toMatch(/From the Open-Meteo weather forecast \(next 7 days\): Lankaran, 2 ha of tea\. ET0 35 mm in total/);
    expect(message.content).toMatch(/rain 3 mm/);
    expect((message.sources ?? []).map((s: { id: string }) => s.id)).toContain("OPEN_METEO");
    expect(standIn.requests.length).toBeGreaterThanOrEqual(1);
    const query = standIn.requests[0]!.url.searchParams;
    expect([...query.keys()].sort()).toEqual(["daily", "forecast_days", "latitude", "longitude", "timezone"]);
    expect(JSON.stringify(standIn.requests.map((r) => [r.url.href, r.headers]))).not.toMatch(/weather-forecast@|connect\.sid|cookie/i);
  });

  it("GET /api/weather/week gives the panel the same week, labelled forecast; it needs a signed-in farmer", async () => {
    const f = await teaFarmer(withWeather, "weather-panel@example.az");
    const { status, body } = await weekPanel(withWeather, f.cookie);
    expect(status).toBe(200);
    expect(body.provider).toBe("open-meteo");
    expect(body.week).toMatchObject({ status: "ok", basis: "forecast", crop: "Çay", region: "Lənkəran", areaHa: 2, days: 7, et0Mm: 35, rainMm: 3 });
    expect(body.week.netMm).toBeGreaterThan(0);
    const anonymous = await fetch(`${withWeather.url}/api/weather/week`);
    expect(anonymous.status).toBe(401);
  });

  it("when the provider fails, the tool and the panel answer from the climate normals and say the forecast is not reachable", async () => {
    standIn.mode = "500";
    // Astara: another station than Lənkəran's, so no answer of the forecast is kept for it yet.
    const f = await teaFarmer(withWeather, "weather-down@example.az", "Astara");
    const { message, tools } = await ask(f.socket, f.ready.conversation.id, QUESTION);
    expect(tools).toContain("irrigation_this_week");
    expect(message.content).toMatch(/No forecast \(the weather forecast is not reachable right now\); from the climate normals for /);
    expect((message.sources ?? []).map((s: { id: string }) => s.id)).not.toContain("OPEN_METEO");
    const { body } = await weekPanel(withWeather, f.cookie);
    expect(body.week).toMatchObject({ status: "ok", basis: "normals", forecastMissing: "unavailable" });
    // The failure is logged with its reason only, never the farmer.
    const warnings = withWeather.logs.filter((l) => l.includes("weather forecast unavailable"));
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.join("\n")).not.toMatch(/weather-down@|Astara|Çay/);
  });
});

describe("without the weather plugin", () => {
  it("the advisor answers from the climate normals, with no panel and no forecast route", async () => {
    const f = await teaFarmer(withoutWeather, "weather-absent@example.az");
    expect(f.ready.panels.map((p) => p.kind)).not.toContain("weather");
    const { message, tools } = await ask(f.socket, f.ready.conversation.id, QUESTION);
    expect(tools).toContain("irrigation_this_week");
    expect(message.content).toMatch(/No forecast \(the weather forecast is switched off on this server\); from the climate normals for /);
    expect(message.content).toMatch(/Net irrigation need this week ≈ \d+ mm/);
    expect(standIn.requests).toHaveLength(0);
    const res = await fetch(`${withoutWeather.url}/api/weather/week`, { headers: { cookie: f.cookie } });
    expect(res.status).toBe(404);
  });
});

describe("the weather plugin's configuration", () => {
  it("a bad WEATHER_URL or WEATHER_TIMEOUT_MS stops the start with an error naming the variable", async () => {
    const db = await createTestDatabase();
    try {
      await expect(startTestApp({ db, oidc: false, env: { WEATHER_URL: "not a url" } })).rejects.toThrow(/^WEATHER_URL: /);
      await expect(startTestApp({ db, oidc: false, env: { WEATHER_TIMEOUT_MS: "soon" } })).rejects.toThrow(/^WEATHER_TIMEOUT_MS: /);
    } finally {
      await db.drop();
    }
  });
});
