/** A source named at the end of an answer (the advisor's `sources` annotation on a message). */
export interface MessageSource {
  id: string;
  title: string;
  publisher: string;
  year: string | null;
  url: string | null;
}
