/** The words of a farmer's data archive (its Markdown and README), in the language the farmer downloads it in. */
export type ExportLanguage = "az" | "en";

/** Each phrase in both languages side by side, so a phrase is never added to one language only. */
const phrases = {
  title: { az: "Yonca: məlumatlarınız", en: "Yonca: your data" },
  intro: { az: "Bu arxivdə Yonca-nın sizin haqqınızda saxladığı bütün məlumatlar var:", en: "This archive holds everything Yonca keeps about" },
  filesIntro: { az: "`.json` faylları proqramlar üçündür, `.md` faylları isə oxumaq üçün.", en: "The `.json` files are for programs, the `.md` files for reading." },
  conversations: { az: "Söhbətlər", en: "Conversations" },
  none: { az: "Hələ söhbət yoxdur.", en: "No conversations yet." },
  untitled: { az: "Adsız söhbət", en: "Untitled conversation" },
  started: { az: "Başlanıb", en: "Started" },
  you: { az: "Siz", en: "You" },
  advisor: { az: "Məsləhətçi", en: "Advisor" },
  ratingUp: { az: "faydalı", en: "helpful" },
  ratingDown: { az: "faydasız", en: "not helpful" },
} satisfies Record<string, Record<ExportLanguage, string>>;

/** What each file of the archive holds, for its README. */
const fileNotes: Record<string, Record<ExportLanguage, string>> = {
  "account.json": { az: "hesabınız (e-poçt, ad, qeydiyyat tarixi)", en: "your account (email, name, when you joined)" },
  "conversations.json": { az: "söhbətlər bütün mesajları ilə", en: "conversations with every message" },
  "conversations.md": { az: "söhbətlər, oxumaq üçün", en: "conversations, for reading" },
  "feedback.json": { az: "cavablara verdiyiniz qiymətlər", en: "your ratings of answers" },
};

type Labels = { [K in keyof typeof phrases]: string } & { fileNotes: Record<string, string> };

function labelsIn(language: ExportLanguage): Labels {
  const pick = (table: Record<string, Record<ExportLanguage, string>>) =>
    Object.fromEntries(Object.entries(table).map(([key, words]) => [key, words[language]]));
  return { ...(pick(phrases) as { [K in keyof typeof phrases]: string }), fileNotes: pick(fileNotes) };
}

export const exportLabels: Record<ExportLanguage, Labels> = { az: labelsIn("az"), en: labelsIn("en") };

/** A value on one Markdown line: line breaks folded, characters that would start markup escaped. */
export function markdownLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/([\\`*_[\]<>#|])/g, "\\$1").trim();
}
