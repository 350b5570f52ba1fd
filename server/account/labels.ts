/** The words of a farmer's data archive (its Markdown and README), in the language the farmer downloads it in. */
export type ExportLanguage = "az" | "en";

export const exportLabels = {
  az: {
    title: "Yonca: məlumatlarınız",
    intro: "Bu arxivdə Yonca-nın sizin haqqınızda saxladığı bütün məlumatlar var:",
    filesIntro: "`.json` faylları proqramlar üçündür, `.md` faylları isə oxumaq üçün.",
    conversations: "Söhbətlər",
    none: "Hələ söhbət yoxdur.",
    untitled: "Adsız söhbət",
    started: "Başlanıb",
    you: "Siz",
    advisor: "Məsləhətçi",
    rating: { up: "faydalı", down: "faydasız" },
    fileNotes: {
      "account.json": "hesabınız (e-poçt, ad, qeydiyyat tarixi)",
      "conversations.json": "söhbətlər bütün mesajları ilə",
      "conversations.md": "söhbətlər, oxumaq üçün",
      "feedback.json": "cavablara verdiyiniz qiymətlər",
    } as Record<string, string>,
  },
  en: {
    title: "Yonca: your data",
    intro: "This archive holds everything Yonca keeps about",
    filesIntro: "The `.json` files are for programs, the `.md` files for reading.",
    conversations: "Conversations",
    none: "No conversations yet.",
    untitled: "Untitled conversation",
    started: "Started",
    you: "You",
    advisor: "Advisor",
    rating: { up: "helpful", down: "not helpful" },
    fileNotes: {
      "account.json": "your account (email, name, when you joined)",
      "conversations.json": "conversations with every message",
      "conversations.md": "conversations, for reading",
      "feedback.json": "your ratings of answers",
    } as Record<string, string>,
  },
} as const;

/** A value on one Markdown line: line breaks folded, characters that would start markup escaped. */
export function markdownLine(text: string): string {
  return text.replace(/\s+/g, " ").replace(/([\\`*_[\]<>#|])/g, "\\$1").trim();
}
