import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * The session secret of an app started without SESSION_SECRET outside production: generated once and
 * kept with the data in a 0600 file (like the embedded cluster's superuser password, server/db/embedded.ts),
 * so a restart does not sign every farmer out. Production requires SESSION_SECRET (server/config.ts).
 */
export async function loadOrCreateSessionSecret(file: string): Promise<{ secret: string; created: boolean }> {
  const existing = await fs.readFile(file, "utf8").then((text) => text.trim(), (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (existing && existing.length >= 32) return { secret: existing, created: false };
  const secret = randomBytes(32).toString("base64url");
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Written aside and renamed: two starts at once end with one secret, never a half-written file.
  const partial = `${file}.${process.pid}.partial`;
  await fs.writeFile(partial, `${secret}\n`, { mode: 0o600 });
  await fs.chmod(partial, 0o600);
  if (existing === undefined) {
    // link fails when another start created the file meanwhile: theirs wins.
    const won = await fs.link(partial, file).then(() => true, (error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") return false;
      throw error;
    });
    await fs.rm(partial, { force: true });
    if (!won) return loadOrCreateSessionSecret(file);
  } else {
    await fs.rename(partial, file); // a short or empty file left by hand: replaced
  }
  return { secret, created: true };
}
