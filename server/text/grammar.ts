/** Azerbaijani word endings for place names, and a text's sentences. */

function lastVowelIsBack(word: string): boolean {
  const vowels = word.toLocaleLowerCase("az").match(/[aıoueəiöü]/g);
  const last = vowels?.[vowels.length - 1];
  return last === undefined || "aıou".includes(last);
}

/** Locative: Quba → Qubada, Şəki → Şəkidə. */
export function locative(word: string): string {
  return word + (lastVowelIsBack(word) ? "da" : "də");
}

/** Locative adjective: Quba → Qubadakı, Şəki → Şəkidəki. */
export function locativeAdjective(word: string): string {
  return word + (lastVowelIsBack(word) ? "dakı" : "dəki");
}

/** Sentences of a text, split after . ! ? ; and new lines, each with its closing mark. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?;\n]+[.!?;]*/g) ?? []).map((s) => s.trim()).filter(Boolean);
}
