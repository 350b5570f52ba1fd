import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { upsertUser } from "../../server/auth/users.js";
import { connectDatabase, type Database } from "../../server/db/client.js";
import { applyMigrations, migrationsApplied } from "../../server/db/migrate.js";
import { PersonaUnavailableError } from "../../server/personas/errors.js";
import { generateFinCode } from "../../server/personas/generator.js";
import { getPersonaByEmail, getPersonaByUserId, personaReader, provisionPersona } from "../../server/personas/queries.js";
import { seedDemoFarmers } from "../../server/personas/seed.js";
import { createTestDatabase, recordingClient, type TestDatabase } from "../helpers/db.js";
import { freePort } from "../helpers/ports.js";

let testDb: TestDatabase;
let database: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  database = connectDatabase(testDb.url, { max: 20 });
});
afterAll(async () => {
  await database?.close();
  await testDb?.drop();
});

async function signIn(email: string, name?: string) {
  const user = await upsertUser(database.sql, { email, name });
  return { user, provision: () => provisionPersona(database.sql, { userId: user.id, email: user.email, name }) };
}

describe("migrations", () => {
  it("apply to an empty database, and again without change", async () => {
    expect(await migrationsApplied(database)).toBe(false);
    await applyMigrations(database);
    expect(await migrationsApplied(database)).toBe(true);
    const schemaOf = () => database.sql`
      SELECT table_name, column_name, data_type FROM information_schema.columns
       WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`;
    const before = await schemaOf();
    await applyMigrations(database);
    expect(await schemaOf()).toEqual(before);
    const [{ n }] = (await database.sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });

  it("give alem_personas the documented columns (docs/protocol.md, SQL)", async () => {
    const rows = await database.sql`SELECT column_name FROM information_schema.columns
                                     WHERE table_name = 'alem_personas' ORDER BY ordinal_position`;
    expect(rows.map((r) => r.column_name)).toEqual([
      "alem_persona_id", "user_id", "email", "full_name", "fin_code", "phone", "region", "crop_type",
      "total_area_ha", "experience_level", "ektis_verified", "data_source", "created_at", "updated_at", "last_login_at",
      "provenance", // kept by the audit trigger (migrations/0007_persona_audit_trigger.sql)
    ]);
  });
});

describe("just-in-time provisioning", () => {
  it("creates a synthetic, unverified persona once and returns the same row the second time", async () => {
    const { user, provision } = await signIn("first.farmer@example.az");
    const first = await provision();
    expect(first).toMatchObject({ userId: user.id, email: "first.farmer@example.az", ektisVerified: false, dataSource: "synthetic" });
    const second = await provision();
    expect(second.id).toBe(first.id);
    expect({ ...second, lastLoginAt: "", updatedAt: "" }).toEqual({ ...first, lastLoginAt: "", updatedAt: "" });
    expect(new Date(second.lastLoginAt).getTime()).toBeGreaterThanOrEqual(new Date(first.lastLoginAt).getTime());
    const events = await database.sql`SELECT kind, actor FROM persona_events WHERE persona_id = ${first.id}`;
    expect(events.map((e) => `${e.kind}/${e.actor}`)).toEqual(["created/system"]);
  });

  it("gives 50 concurrent provisionings of one new email one row and the same id, without error", async () => {
    const { provision } = await signIn("fifty.tabs@example.az");
    const results = await Promise.all(Array.from({ length: 50 }, () => provision()));
    expect(new Set(results.map((p) => p.id)).size).toBe(1);
    expect(new Set(results.map((p) => p.finCode)).size).toBe(1);
    const [{ n }] = (await database.sql`SELECT count(*)::int AS n FROM alem_personas WHERE email = 'fifty.tabs@example.az'`) as unknown as [{ n: number }];
    expect(n).toBe(1);
    const created = await database.sql`SELECT 1 FROM persona_events WHERE persona_id = ${results[0]!.id} AND kind = 'created'`;
    expect(created).toHaveLength(1);
  });

  it("retries with a new FIN when the generated one belongs to another persona", async () => {
    const email = "fin.collision@example.az";
    const taken = generateFinCode(email, 0, 0);
    const squatter = await signIn("squatter@example.az");
    await squatter.provision();
    await database.sql`UPDATE alem_personas SET fin_code = ${taken} WHERE email = 'squatter@example.az'`;
    const { provision } = await signIn(email);
    const persona = await provision();
    expect(persona.finCode).not.toBe(taken);
    expect(persona.finCode).toBe(generateFinCode(email, 0, 1));
    const dupes = await database.sql`SELECT fin_code, COUNT(*) FROM alem_personas GROUP BY fin_code HAVING COUNT(*) > 1`;
    expect(dupes).toHaveLength(0);
  });

  it("normalises an email with capitals and spaces to one user and one persona", async () => {
    const a = await signIn("  Mixed.Case@Example.AZ ");
    const b = await signIn("mixed.case@example.az");
    expect(a.user.id).toBe(b.user.id);
    const [pa, pb] = [await a.provision(), await b.provision()];
    expect(pa.id).toBe(pb.id);
    expect(pa.email).toBe("mixed.case@example.az");
  });

  it("takes the full name from the identity's name", async () => {
    const { provision } = await signIn("named@example.az", "Leyla Məmmədova");
    expect((await provision()).fullName).toBe("Leyla Məmmədova");
  });

  it("loads a row edited by SQL to an unknown region as stored, without overwriting it", async () => {
    const { provision } = await signIn("edited@example.az");
    await provision();
    await database.sql`UPDATE alem_personas SET region = 'Atlantida', crop_type = 'Kakao' WHERE email = 'edited@example.az'`;
    const again = await provision();
    expect(again).toMatchObject({ region: "Atlantida", cropType: "Kakao" });
    expect(await getPersonaByEmail(database.sql, { email: "edited@example.az" })).toMatchObject({ region: "Atlantida" });
  });

  it("raises PersonaUnavailableError, not 'not found', when the database cannot be reached, and stores nothing", async () => {
    const { user } = await signIn("no.database@example.az");
    const url = new URL(testDb.url);
    url.port = String(await freePort()); // nothing listens there
    const unreachable = connectDatabase(url.toString(), { connectTimeoutS: 2 });
    try {
      const error = await provisionPersona(unreachable.sql, { userId: user.id, email: user.email }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PersonaUnavailableError);
      expect(error).toMatchObject({ code: "persona_unavailable", retryable: true });
    } finally {
      await unreachable.close();
    }
    expect(await getPersonaByEmail(database.sql, { email: "no.database@example.az" })).toBeNull();
  });

  it("loads the five demo farmers idempotently", async () => {
    expect(await seedDemoFarmers(database.sql, upsertUser)).toEqual({ created: 5, existing: 0 });
    expect(await seedDemoFarmers(database.sql, upsertUser)).toEqual({ created: 0, existing: 5 });
    const rows = await database.sql`SELECT full_name, region, crop_type, total_area_ha::text AS area, experience_level
                                      FROM alem_personas WHERE email LIKE '%@demo.yonca.az' ORDER BY full_name`;
    expect(rows.map((r) => `${r.full_name}|${r.region}|${r.crop_type}|${r.area}|${r.experience_level}`)).toEqual([
      "Aynur Əliyeva|Quba|Alma|8.3|intermediate",
      "Həsən Quliyev|Sabirabad|Pambıq|42.5|expert",
      "Rəfiq Məhərrəmov|Şəki|Fındıq|15.7|expert",
      "Vasif Hüseynov|Gəncə|Pomidor|3.2|novice",
      "Zeynəb Mustafayeva|Aran|Buğda|25.0|intermediate",
    ]);
  });

  it("answers the operators' SQL of docs/protocol.md as written", async () => {
    const { provision } = await signIn("farmer@example.com");
    await provision();
    const all = await database.sql`SELECT email, fin_code, region, crop_type, data_source, created_at FROM alem_personas`;
    expect(all.length).toBeGreaterThan(5);
    const one = await database.sql`SELECT * FROM alem_personas WHERE email = 'farmer@example.com'`;
    expect(one).toHaveLength(1);
    await database.sql`UPDATE alem_personas SET region = 'Quba', crop_type = 'Alma' WHERE email = 'farmer@example.com'`;
    const { provision: again } = await signIn("farmer@example.com");
    expect(await again()).toMatchObject({ region: "Quba", cropType: "Alma" });
    const dupes = await database.sql`SELECT fin_code, COUNT(*) FROM alem_personas GROUP BY fin_code HAVING COUNT(*) > 1`;
    expect(dupes).toHaveLength(0);
  });

  it("refuses a verified flag on a synthetic persona at the database", async () => {
    const error = await database.sql`UPDATE alem_personas SET ektis_verified = true WHERE email = 'farmer@example.com'`.catch((e) => e);
    expect(error).toMatchObject({ code: "23514", constraint_name: "alem_personas_verified_only_mygov" });
  });
});

describe("reading personas for replies", () => {
  it("reads the personas asked for in the same turn in one query, each as getPersonaByUserId reads it, and caches nothing", async () => {
    const farmers = await Promise.all(["reader.a@example.az", "reader.b@example.az", "reader.c@example.az"].map((e) => signIn(e)));
    for (const f of farmers) await f.provision();
    const { sql: counted, statements: queries } = recordingClient(testDb.url, /alem_personas/, 2);
    try {
      const read = personaReader(counted);
      const nobody = "00000000-0000-4000-8000-000000000099";
      const personas = await Promise.all([...farmers.map((f) => read(f.user.id)), read(nobody), read(farmers[0]!.user.id)]);
      expect(queries).toHaveLength(1);
      for (const [i, f] of farmers.entries()) expect(personas[i]).toEqual(await getPersonaByUserId(database.sql, { userId: f.user.id }));
      expect(personas[3]).toBeNull();
      expect(personas[4]).toEqual(personas[0]);

      // Nothing kept: a read after a change sees the stored persona.
      await database.sql`UPDATE alem_personas SET total_area_ha = 7.5 WHERE user_id = ${farmers[0]!.user.id}`;
      expect((await read(farmers[0]!.user.id))?.totalAreaHa).toBe(7.5);
      expect(queries).toHaveLength(2);
    } finally {
      await counted.end();
    }
  });
});
