import { describe, expect, it, vi } from "vitest";
import { createAdvisor, type AdvisorRunInput } from "../../server/agent/index.js";
import type { Persona, PersonaPatch } from "../../server/personas/types.js";

function persona(overrides: Partial<Persona> = {}): Persona {
  return {
    id: "3f0e2d5c-0000-4000-8000-000000000001",
    userId: "3f0e2d5c-0000-4000-8000-000000000002",
    email: "aysel@example.com",
    fullName: "Aysel Məmmədova",
    finCode: "5KX2P9A",
    phone: "+994 50 123 45 67",
    region: "Sabirabad",
    cropType: "Pambıq",
    totalAreaHa: 12.5,
    experienceLevel: "novice",
    ektisVerified: false,
    dataSource: "synthetic",
    createdAt: "2025-01-01T00:00:00.000Z",
    updatedAt: "2025-01-01T00:00:00.000Z",
    lastLoginAt: "2025-01-01T00:00:00.000Z",
    ...overrides,
  };
}

interface Recorded {
  tokens: string[];
  tools: { name: string; status: "start" | "end" }[];
  patches: PersonaPatch[];
}

function runInput(
  question: string,
  options: { language?: "az" | "en"; persona?: Persona; signal?: AbortSignal; onToken?: (d: string, all: string[]) => void; proposePersonaChange?: AdvisorRunInput["proposePersonaChange"] } = {},
): { input: AdvisorRunInput; recorded: Recorded } {
  const recorded: Recorded = { tokens: [], tools: [], patches: [] };
  const p = options.persona ?? persona();
  const input: AdvisorRunInput = {
    persona: p,
    language: options.language ?? "az",
    history: [{ role: "user", content: question }],
    signal: options.signal ?? new AbortController().signal,
    onToken: (delta) => {
      recorded.tokens.push(delta);
      options.onToken?.(delta, recorded.tokens);
    },
    onTool: (name, status) => recorded.tools.push({ name, status }),
    proposePersonaChange:
      options.proposePersonaChange ??
      (async (patch) => {
        recorded.patches.push(patch);
        const changes = Object.fromEntries(Object.entries(patch).map(([f, v]) => [f, { old: p[f as keyof Persona], new: v }]));
        return { status: "proposed", proposalId: "3f0e2d5c-0000-4000-8000-0000000000aa", changes };
      }),
  };
  return { input, recorded };
}

const advisor = createAdvisor({ provider: "offline", offlinePaceMs: 0 });

const sabirabadCotton = persona();
const ganjaTomato = persona({ fullName: "Rəşad Quliyev", region: "Gəncə", cropType: "Pomidor", totalAreaHa: 3, experienceLevel: "expert" });
const qubaApple = persona({ fullName: "Leyla Əliyeva", region: "Quba", cropType: "Alma", totalAreaHa: 7.5 });

interface Case {
  q: string;
  language: "az" | "en";
  persona?: Persona;
  tools: string[];
  /** Each must match the answer. */
  mentions?: RegExp[];
}

const cases: Case[] = [
  // crop calendar
  { q: "Pambığı nə vaxt səpim?", language: "az", tools: ["crop_calendar"], mentions: [/pambıq/, /Sabirabad/, /aprel–may/, /Mənbələr: .*YarnsAndFibers/] },
  { q: "Buğdanın biçini nə vaxtdır?", language: "az", tools: ["crop_calendar"], mentions: [/buğda/, /iyun–iyul/] },
  { q: "When should I sow cotton?", language: "en", tools: ["crop_calendar"], mentions: [/cotton/, /Sabirabad/, /April–May/] },
  { q: "When is the apple harvest in Quba?", language: "en", tools: ["crop_calendar"], mentions: [/apple/, /Guba/, /September/, /Sources: .*AZERTAC/] },
  { q: "Əkin təqvimini göstərin", language: "az", persona: qubaApple, tools: ["crop_calendar"], mentions: [/alma/, /Quba/, /sentyabr/] },
  { q: "Naxçıvanda üzümün yığımı nə vaxtdır?", language: "az", tools: ["crop_calendar"], mentions: [/üzüm/, /Naxçıvan/, /avqust–sentyabr/] },
  // irrigation
  { q: "İyulda nə qədər suvarmalıyam?", language: "az", tools: ["irrigation_need"], mentions: [/pambıq/, /Sabirabad/, /Harqreyvs/, /Bakı stansiyasının \(\d+ km aralı/] },
  { q: "How much water does my crop need in July?", language: "en", persona: ganjaTomato, tools: ["irrigation_need"], mentions: [/3 ha/, /tomato/, /Ganja/, /Hargreaves/, /m³/, /Sources: .*WMO World Weather Information Service/] },
  { q: "Pomidoru avqustda suvarmaq lazımdır?", language: "az", persona: ganjaTomato, tools: ["irrigation_need"], mentions: [/pomidor/, /avqust/, /Harqreyvs/] },
  { q: "Irrigation plan for my field this season", language: "en", persona: ganjaTomato, tools: ["irrigation_need"], mentions: [/3 ha of tomato/, /by month/, /Season total/] },
  { q: "İyunda su nə qədər lazımdır?", language: "az", persona: ganjaTomato, tools: ["irrigation_need"], mentions: [/iyun/, /3 ha pomidor/] },
  // fertilizer
  { q: "Gübrə nə qədər lazımdır?", language: "az", tools: ["fertilizer_plan"], mentions: [/pambıq/i, /mənbələrdəki gübrə rəqəmləri/, /Diqqət: bu Özbəkistan üçün rəqəmdir/] },
  { q: "How much fertilizer for 10 ha of wheat?", language: "en", tools: ["fertilizer_plan"], mentions: [/fertilizer figures for wheat/i, /for 10 ha in total N 900, P2O5 900, K2O 600 kg/, /Sources: .*Aliyev, 2021/] },
  // Another crop than the farm's: per hectare, never multiplied by the farm's area.
  { q: "Buğda üçün azot normasını deyin", language: "az", tools: ["fertilizer_plan"], mentions: [/buğda/i, /hektara N 90, P2O5 90, K2O 60 kq/, /^(?![\s\S]*12,5 ha)/] },
  { q: "Which NPK should I use?", language: "en", tools: ["fertilizer_plan"], mentions: [/cotton/, /a figure from Uzbekistan, not from Azerbaijan/] },
  // climate
  { q: "Lənkəranda iyulda hava necədir?", language: "az", tools: ["climate_normals"], mentions: [/Lənkəran/, /25,2 °C/, /17 mm/] },
  { q: "What is the weather like in Baku in July?", language: "en", tools: ["climate_normals"], mentions: [/Baku/, /26\.4 °C/, /Sources: .*WMO/] },
  { q: "Şəkidə yağış nə qədər olur?", language: "az", tools: ["climate_normals"], mentions: [/Şəki/, /illik yağıntı 730 mm/, /Mənbələr: .*Şəki Regional Culture Department/] },
  { q: "Temperature in Ganja in January?", language: "en", tools: ["climate_normals"], mentions: [/Ganja/, /January/, /2\.1 °C/] },
  { q: "İqlim haqqında məlumat verin", language: "az", persona: qubaApple, tools: ["climate_normals"], mentions: [/Quba üçün mənbəli iqlim normaları məlumatlarımda yoxdur/] },
  // profile
  { q: "Mən 12 hektar pambıq əkirəm", language: "az", tools: ["propose_profile_change"], mentions: [/pambıq/, /12 ha/, /aşağıdakı kartda təsdiq edin/] },
  { q: "I grow 20 ha of apples in Quba", language: "en", tools: ["propose_profile_change"], mentions: [/Quba/, /apple/, /20 ha/, /confirm it on the card below/] },
  { q: "Mənim 5 hektar fındıq bağım var, Qəbələdəyəm.", language: "az", tools: ["propose_profile_change"], mentions: [/5 ha fındıq/, /təsdiq/] },
  // combinations
  { q: "I grow 8 ha of wheat. When should I sow it?", language: "en", tools: ["propose_profile_change", "crop_calendar"], mentions: [/wheat/, /8 ha/, /November–December/] },
  { q: "İyulda hava isti olanda pomidoru nə qədər suvarım?", language: "az", persona: ganjaTomato, tools: ["irrigation_need", "climate_normals"], mentions: [/pomidor/, /Gəncə/] },
  // no tool
  { q: "Salam!", language: "az", tools: [], mentions: [/Salam, Aysel/, /Sabirabaddakı 12,5 ha pambıq/] },
  { q: "Hello", language: "en", persona: qubaApple, tools: [], mentions: [/Hello, Leyla/, /7\.5 ha of apple in Guba/] },
  { q: "Tell me a joke", language: "en", tools: [], mentions: [/outside what I can help with/, /For example: "/] },
];

describe("offline advisor: tool choice and grounded answers", () => {
  it("has a table of at least 20 questions in both languages", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    expect(cases.filter((c) => c.language === "az").length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => c.language === "en").length).toBeGreaterThanOrEqual(10);
  });

  it.each(cases)("$language: $q → $tools", async (c) => {
    const { input, recorded } = runInput(c.q, { language: c.language, persona: c.persona });
    const result = await advisor.run(input);

    expect(recorded.tools.filter((t) => t.status === "start").map((t) => t.name)).toEqual(c.tools);
    expect(recorded.tools.filter((t) => t.status === "end").map((t) => t.name).sort()).toEqual([...c.tools].sort());
    expect(result.text.length).toBeGreaterThan(20);
    expect(result.text).toBe(recorded.tokens.join(""));
    expect(recorded.tokens.length).toBeGreaterThan(5);
    for (const pattern of c.mentions ?? []) expect(result.text).toMatch(pattern);
    expect(result.model).toBe("offline-advisor-1");
    expect(result.inputTokens).toBeNull();
    expect(result.outputTokens).toBeNull();
  });

  it("answers in the question's language, not the UI's", async () => {
    const english = await advisor.run(runInput("When should I sow cotton?", { language: "az" }).input);
    expect(english.language).toBe("en");
    expect(english.text).toMatch(/sowing April–May/);
    expect(english.text).not.toMatch(/səpin/);
    const azerbaijani = await advisor.run(runInput("Pambıq nə vaxt əkilir?", { language: "en" }).input);
    expect(azerbaijani.text).toMatch(/səpin — aprel–may/);
    expect(azerbaijani.text).not.toMatch(/sowing/);
  });

  it("the UI language decides when the question is ambiguous", async () => {
    const result = await advisor.run(runInput("🌾", { language: "en" }).input);
    expect(result.language).toBe("en");
    expect(result.text).toMatch(/I am a farm advisor/);
  });
});

describe("offline advisor: nulls in the data are said to be missing", () => {
  it("fertilizer with null N/P/K gives no number", async () => {
    const { input } = runInput("How much fertilizer does my tea need?", { language: "en" });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/no sourced N\/P2O5\/K2O rate for tea/);
    expect(result.text.replace(/P2O5|K2O/g, "")).not.toMatch(/\d/);
  });

  it("irrigation for a crop FAO-56 has no row for says which FAO-56 crop stands in for it", async () => {
    const hazel = persona({ region: "Zaqatala", cropType: "Fındıq", totalAreaHa: 4 });
    const { input } = runInput("Fındığı iyulda nə qədər suvarım?", { language: "az", persona: hazel });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/FAO-56-da fındıq üçün ayrıca sətir yoxdur; ən yaxın FAO-56 bitkisinin — „qoz bağı“/);
    expect(result.text).toMatch(/m³/);
  });

  it("irrigation where the district has no climate normals names the nearest station and its distance", async () => {
    const { input } = runInput("How much should I irrigate in July?", { language: "en" });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/Hargreaves equation\) with the mean max\/min temperature normals of Baku station \(123 km away/);
    expect(result.text).toMatch(/mm a week/);
  });

  it("climate normals for a district with no entry give no figure", async () => {
    const { input } = runInput("Quba iqlimi necədir?", { language: "az" });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/mənbəli iqlim normaları məlumatlarımda yoxdur/);
    expect(result.text).not.toMatch(/\d/);
  });

  it("out of season, the answer says where the season starts and ends (no self-contradiction)", async () => {
    const wheat = persona({ region: "Gəncə", cropType: "Buğda" });
    const result = await advisor.run(runInput("How much water does my wheat need in July?", { language: "en", persona: wheat }).input);
    expect(result.text).toMatch(/from mid-November to about 13 July \(240 days\); mid-July falls outside it/);
    // No figure for July itself; what to plan instead is the next season's first month.
    expect(result.text.split("Plan instead")[0]).not.toMatch(/m³|mm/);
    expect(result.text).toMatch(/Plan instead for the next season: in November crop water use will be ≈ [\d.]+ mm a week/);
  });

  it("a crop without sowing months says so for sowing and still gives the sourced harvest", async () => {
    const { input } = runInput("When do I plant and harvest pomegranate?", { language: "en" });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/sowing no sourced figure, harvest November/);
  });
});

describe("offline advisor: persona fields", () => {
  it("fills missing tool arguments from the persona and reports them", async () => {
    const { input } = runInput("How much water does my crop need in July?", { language: "en", persona: ganjaTomato });
    const result = await advisor.run(input);
    expect(result.usedPersonaFields).toEqual(["region", "cropType", "totalAreaHa"]);
  });

  it("reports no persona field when the question names everything", async () => {
    const { input } = runInput("How much fertilizer for 10 ha of wheat?", { language: "en" });
    const result = await advisor.run(input);
    expect(result.usedPersonaFields).toEqual([]);
  });

  it("a greeting uses the farmer's name and farm", async () => {
    const { input } = runInput("Salam", { language: "az" });
    const result = await advisor.run(input);
    expect(result.usedPersonaFields).toEqual(["fullName", "region", "cropType", "totalAreaHa"]);
  });

  it("the system prompt carries no FIN code, phone or email", async () => {
    const { buildSystemPrompt } = await import("../../server/agent/prompts.js");
    const p = persona();
    const prompt = buildSystemPrompt(p, "en");
    expect(prompt).toContain("Sabirabad");
    expect(prompt).toContain("Pambıq (Cotton)");
    expect(prompt).toContain("12.5 ha");
    expect(prompt).toContain("not verified");
    expect(prompt).not.toContain(p.finCode);
    expect(prompt).not.toContain(p.phone);
    expect(prompt).not.toContain("50 123");
    expect(prompt).not.toContain(p.email);
  });
});

describe("offline advisor: propose_profile_change", () => {
  it("Mən 12 hektar pambıq əkirəm → a proposal {cropType: Pambıq, totalAreaHa: 12}, said in Azerbaijani", async () => {
    const { input, recorded } = runInput("Mən 12 hektar pambıq əkirəm", { language: "az", persona: qubaApple });
    const result = await advisor.run(input);
    expect(recorded.patches).toEqual([{ cropType: "Pambıq", totalAreaHa: 12 }]);
    expect(result.text).toBe("Profilinizi belə yeniləyə bilərəm: 12 ha pambıq — aşağıdakı kartda təsdiq edin.");
  });

  it("I grow 12 hectares of cotton now → the answer says it proposed, in English", async () => {
    const { input } = runInput("I grow 12 hectares of cotton now", { language: "en", persona: qubaApple });
    const result = await advisor.run(input);
    expect(result.text).toBe("I can update your profile to 12 ha of cotton — confirm it on the card below.");
  });

  it("a side crop proposes nothing; the advisor asks instead", async () => {
    const { input, recorded } = runInput("I also grow some tomatoes", { language: "en", persona: qubaApple });
    const result = await advisor.run(input);
    expect(recorded.patches).toEqual([]);
    expect(result.text).toMatch(/^Is tomato your main crop now\?/);
  });

  it("a neighbour's farm proposes nothing", async () => {
    const { input, recorded } = runInput("Mənim qonşumun 50 hektar pambığı var", { language: "az", persona: qubaApple });
    await advisor.run(input);
    expect(recorded.patches).toEqual([]);
    expect(recorded.tools.map((t) => t.name)).not.toContain("propose_profile_change");
  });

  it("I grow 20 ha of apples in Quba → region, crop and area", async () => {
    const { input, recorded } = runInput("I grow 20 ha of apples in Quba", { language: "en" });
    await advisor.run(input);
    expect(recorded.patches).toEqual([{ cropType: "Alma", totalAreaHa: 20, region: "Quba" }]);
  });

  it("experience is recognised", async () => {
    const { input, recorded } = runInput("I'm a beginner and I grow 3 ha of potatoes in Tovuz.", { language: "en" });
    await advisor.run(input);
    expect(recorded.patches).toEqual([{ cropType: "Kartof", totalAreaHa: 3, region: "Tovuz", experienceLevel: "novice" }]);
  });

  it("the rest of the answer uses the stated values (the profile itself is unchanged)", async () => {
    const { input } = runInput("I grow 8 ha of wheat in Şəki. How much fertilizer do I need?", { language: "en" });
    const result = await advisor.run(input);
    expect(result.text).toMatch(/N 90, P2O5 90, K2O 60 kg\/ha \(a field trial's best variant, Azerbaijan\) — for 8 ha in total N 720/);
  });

  it("a question is not a statement", async () => {
    const { input, recorded } = runInput("When should I plant cotton?", { language: "en" });
    await advisor.run(input);
    expect(recorded.patches).toEqual([]);
    expect(recorded.tools.map((t) => t.name)).toEqual(["crop_calendar", "crop_calendar"]);
  });

  it("a failing store is told to the farmer, and the run still answers", async () => {
    const proposePersonaChange = vi.fn(async () => {
      throw new Error("database unavailable");
    });
    const { input } = runInput("Mən 12 hektar pambıq əkirəm", { language: "az", proposePersonaChange });
    const result = await advisor.run(input);
    expect(proposePersonaChange).toHaveBeenCalledOnce();
    expect(result.text).toMatch(/Profil təklifini indi saxlaya bilmədim/);
    expect(result.usedPersonaFields).not.toContain("totalAreaHa");
  });
});

describe("advisor graph", () => {
  it("is advisor ⇄ tools, ending when the advisor answers without tool calls", async () => {
    const { buildAdvisorGraph, routeAfterAdvisor } = await import("../../server/agent/graph.js");
    const { OfflineChatModel } = await import("../../server/agent/providers/offline.js");
    const { AIMessage, HumanMessage } = await import("@langchain/core/messages");
    const graph = buildAdvisorGraph(new OfflineChatModel({ paceMs: 0 }), { timeoutMs: 1000, maxRetries: 0 });
    const drawn = graph.getGraph();
    expect(Object.keys(drawn.nodes).sort()).toEqual(["__end__", "__start__", "advisor", "tools"]);
    expect(routeAfterAdvisor({ messages: [new HumanMessage("hi"), new AIMessage("Hello")] })).toBe("__end__");
    expect(
      routeAfterAdvisor({ messages: [new AIMessage({ content: "", tool_calls: [{ id: "1", name: "crop_calendar", args: {}, type: "tool_call" }] })] }),
    ).toBe("tools");
  });
});

describe("offline advisor: streaming, abort, determinism", () => {
  it("streams word by word, paced", async () => {
    // The pause between words is a timer: with the timers faked, a word comes only when the clock moves.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const pace = 100;
      const paced = createAdvisor({ provider: "offline", offlinePaceMs: pace });
      const waiters: { n: number; resolve: () => void }[] = [];
      const tokenCount = (n: number) => new Promise<void>((resolve) => waiters.push({ n, resolve }));
      const { input, recorded } = runInput("Hello", {
        language: "en",
        onToken: (_d, all) => waiters.filter((w) => all.length >= w.n).forEach((w) => w.resolve()),
      });
      let settled = false;
      const running = paced.run(input).finally(() => (settled = true));
      await tokenCount(1);
      await vi.advanceTimersByTimeAsync(pace - 1);
      expect(recorded.tokens).toHaveLength(1); // no second word before the pause is over
      const second = tokenCount(2);
      await vi.advanceTimersByTimeAsync(1);
      await second;
      expect(recorded.tokens).toHaveLength(2);
      while (!settled) await vi.advanceTimersByTimeAsync(pace);
      const result = await running;
      expect(recorded.tokens.join("")).toBe(result.text);
      expect(recorded.tokens.length).toBe(result.text.split(/\s+/).length);
      expect(recorded.tokens.every((t) => t.trim().split(/\s+/).length === 1)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("abort mid-stream rejects with AbortError and stops the tokens", async () => {
    const paced = createAdvisor({ provider: "offline", offlinePaceMs: 20 });
    const controller = new AbortController();
    let tokensAtAbort = -1;
    const { input, recorded } = runInput("Salam", {
      signal: controller.signal,
      onToken: (_d, all) => {
        if (all.length === 3) {
          tokensAtAbort = all.length;
          controller.abort();
        }
      },
    });
    // The pauses are faked timers, moved on pace by pace until the run ends.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let settled = false;
      const ended = paced.run(input).then(
        () => null,
        (e: unknown) => e as Error,
      ).finally(() => (settled = true));
      while (!settled) await vi.advanceTimersByTimeAsync(20);
      const error = await ended;
      expect(error?.name).toBe("AbortError");
      expect(tokensAtAbort).toBe(3);
      expect(recorded.tokens.length).toBe(3);
      // No pause timer left behind can still send a word: every timer there is runs now.
      await vi.runAllTimersAsync();
      expect(recorded.tokens.length).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it("abort during a long pause rejects at once", async () => {
    const slow = createAdvisor({ provider: "offline", offlinePaceMs: 60_000 });
    const controller = new AbortController();
    const { input, recorded } = runInput("Hello", {
      language: "en",
      signal: controller.signal,
      onToken: () => queueMicrotask(() => controller.abort()),
    });
    // The minute's pause is a faked timer that never fires: only the abort can end the run.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      await expect(slow.run(input)).rejects.toMatchObject({ name: "AbortError" });
    } finally {
      vi.useRealTimers();
    }
    expect(recorded.tokens).toEqual(["Hello, "]);
  });

  it("abort while a tool waits on the store rejects at once, without tokens", async () => {
    const controller = new AbortController();
    let toolStarted!: () => void;
    const started = new Promise<void>((resolve) => (toolStarted = resolve));
    const { input, recorded } = runInput("Mən 12 hektar pambıq əkirəm", {
      signal: controller.signal,
      proposePersonaChange: () => {
        toolStarted();
        return new Promise<never>(() => {}); // the store never answers
      },
    });
    const running = advisor.run(input);
    await started;
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: "AbortError" });
    expect(recorded.tokens).toEqual([]);
    expect(recorded.tools).toEqual([{ name: "propose_profile_change", status: "start" }]);
  });

  it("an already aborted signal rejects without tokens or tools", async () => {
    const controller = new AbortController();
    controller.abort();
    const { input, recorded } = runInput("Pambığı nə vaxt səpim?", { signal: controller.signal });
    await expect(advisor.run(input)).rejects.toMatchObject({ name: "AbortError" });
    expect(recorded.tokens).toEqual([]);
    expect(recorded.tools).toEqual([]);
  });

  it("same input → same text and the same tokens", async () => {
    for (const q of ["Pomidoru avqustda suvarmaq lazımdır?", "I grow 8 ha of wheat. When should I sow it?", "Salam"]) {
      const a = runInput(q, { persona: ganjaTomato });
      const b = runInput(q, { persona: ganjaTomato });
      const ra = await advisor.run(a.input);
      const rb = await advisor.run(b.input);
      expect(rb.text).toBe(ra.text);
      expect(b.recorded.tokens).toEqual(a.recorded.tokens);
      expect(rb.usedPersonaFields).toEqual(ra.usedPersonaFields);
    }
  });

  it("answers the last question of a longer history", async () => {
    const { input, recorded } = runInput("", { language: "en" });
    input.history = [
      { role: "user", content: "Hello" },
      { role: "assistant", content: "Hello, Aysel! How can I help?" },
      { role: "user", content: "What is the weather like in Baku in July?" },
    ];
    const result = await advisor.run(input);
    expect(recorded.tools.map((t) => t.name)).toEqual(["climate_normals", "climate_normals"]);
    expect(result.text).toMatch(/Baku in July/);
  });
});
