import type { PersonaField } from "../../../../server/personas/types.js";
import type { MessageDecorationProps } from "../types.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";
import { ProposalCard } from "./ProposalCard.js";
import { usePersonaState } from "./store.js";

const fieldLabels: Record<PersonaField, PersonaKey> = {
  fullName: "fullName",
  region: "region",
  cropType: "cropType",
  totalAreaHa: "totalAreaHa",
  experienceLevel: "experienceLevel",
};

/**
 * Under an answer: the profile facts it used (`usedPersonaFields`, the persona plugin's annotation on
 * the message), and a notice for each pending proposal made from the question it answers.
 */
export default function PersonaDecoration({ message, question, client, host }: MessageDecorationProps) {
  const { t } = usePersonaI18n();
  const { proposals, settled, setPersona, settleProposal } = usePersonaState(client, host);
  const used = ((message as { usedPersonaFields?: PersonaField[] }).usedPersonaFields ?? []).filter(Boolean);
  // Pending ones with their buttons; decided ones stay, saying the outcome (the answer above still mentions it).
  const mine = question?.role === "user" ? [...proposals, ...settled].filter((p) => p.messageId === question.id) : [];
  return (
    <>
      {used.length > 0 && (
        <ul className="chips" aria-label={t("usedProfile")}>
          {used.map((field) => (
            <li key={field} className="chip">
              {fieldLabels[field] ? t(fieldLabels[field]) : field}
            </li>
          ))}
        </ul>
      )}
      {mine.map((p) => (
        <ProposalCard key={p.id} proposal={p} compact onPersona={setPersona} onSettled={settleProposal} />
      ))}
    </>
  );
}
