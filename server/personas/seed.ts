import type { Sql } from "postgres";

/** The five demo farmers of the original design (synthetic demo data: never verified). */
export const demoFarmers = [
  { email: "hasan.quliyev@demo.yonca.az", fullName: "Həsən Quliyev", finCode: "5HQ42S7", phone: "+994 50 412 34 56", region: "Sabirabad", cropType: "Pambıq", totalAreaHa: 42.5, experienceLevel: "expert" },
  { email: "aynur.aliyeva@demo.yonca.az", fullName: "Aynur Əliyeva", finCode: "3AE83Q1", phone: "+994 55 318 22 41", region: "Quba", cropType: "Alma", totalAreaHa: 8.3, experienceLevel: "intermediate" },
  { email: "vasif.huseynov@demo.yonca.az", fullName: "Vasif Hüseynov", finCode: "7VH32G9", phone: "+994 70 532 11 09", region: "Gəncə", cropType: "Pomidor", totalAreaHa: 3.2, experienceLevel: "novice" },
  { email: "zeyneb.mustafayeva@demo.yonca.az", fullName: "Zeynəb Mustafayeva", finCode: "2ZM25A4", phone: "+994 51 625 70 18", region: "Aran", cropType: "Buğda", totalAreaHa: 25.0, experienceLevel: "intermediate" },
  { email: "rafiq.maharramov@demo.yonca.az", fullName: "Rəfiq Məhərrəmov", finCode: "6RM15F8", phone: "+994 77 715 48 62", region: "Şəki", cropType: "Fındıq", totalAreaHa: 15.7, experienceLevel: "expert" },
] as const;

/**
 * Loads the demo farmers; running it again changes nothing (existing personas are left as they are).
 * `upsertUser` is auth's (server/auth/users.ts), passed in by the caller: personas do not import auth.
 */
export async function seedDemoFarmers(
  sql: Sql,
  upsertUser: (sql: Sql, input: { email: string; name: string }) => Promise<{ id: string }>,
): Promise<{ created: number; existing: number }> {
  let created = 0;
  for (const f of demoFarmers) {
    const user = await upsertUser(sql, { email: f.email, name: f.fullName });
    // The audit trigger records the `created` event; the actor is named in the same statement. Raw, like
    // provisioning (queries.ts): drizzle cannot insert from a SELECT that sets the audit actor first.
    const rows = await sql<{ alem_persona_id: string }[]>`
      INSERT INTO alem_personas (user_id, email, full_name, fin_code, phone, region, crop_type, total_area_ha,
                                 experience_level, ektis_verified, data_source)
      SELECT ${user.id}, ${f.email}, ${f.fullName}, ${f.finCode}, ${f.phone}, ${f.region}, ${f.cropType},
             ${f.totalAreaHa}, ${f.experienceLevel}, false, 'synthetic'
        FROM (SELECT set_config('yonca.actor', 'seed', true)) AS audit_actor
      ON CONFLICT (email) DO NOTHING
      RETURNING alem_persona_id`;
    created += rows.length;
  }
  return { created, existing: demoFarmers.length - created };
}
