import { addStrings } from "../i18n.js";

/** The offline app's words: the device copy, the outbox, the update prompt. */
export const az = {
  "offline.savedAt": "Oflayn — saxlanılıb: {time}",
  "outbox.waiting": "Siqnal gözlənilir",
  "outbox.waitingHint": "İnternet qayıdan kimi göndəriləcək.",
  "outbox.cancel": "Ləğv et",
  "outbox.retry": "Yenidən göndər",
  "outbox.refused": "Göndərilmədi",
  "outbox.refused.too_long": "Göndərilmədi: sual çox uzundur. Qısaldıb yenidən yazın — mətn burada qalır.",
  "outbox.refused.rate_limited": "Göndərilmədi: qısa müddətdə çox sual verildi. Bir az gözləyib yenidən göndərin.",
  "outbox.refused.not_found": "Göndərilmədi: bu söhbət artıq yoxdur. Mətni köçürüb yeni söhbətdə soruşun.",
  "outbox.refused.other": "Göndərilmədi: server sualı qəbul etmədi. Mətn burada qalır.",
  "update.ready": "Tətbiqin yeni versiyası hazırdır.",
  "update.reload": "Yenilə",
  "update.later": "Sonra",
};

export const en: Record<keyof typeof az, string> = {
  "offline.savedAt": "Offline — saved at {time}",
  "outbox.waiting": "Waiting for signal",
  "outbox.waitingHint": "It will be sent when the connection returns.",
  "outbox.cancel": "Cancel",
  "outbox.retry": "Send again",
  "outbox.refused": "Not sent",
  "outbox.refused.too_long": "Not sent: the question is too long. Shorten it and ask again — the text stays here.",
  "outbox.refused.rate_limited": "Not sent: too many questions in a short time. Wait a moment and send again.",
  "outbox.refused.not_found": "Not sent: this conversation no longer exists. Copy the text and ask in a new one.",
  "outbox.refused.other": "Not sent: the server did not accept the question. The text stays here.",
  "update.ready": "A new version is ready.",
  "update.reload": "Reload",
  "update.later": "Later",
};

export type OfflineKey = keyof typeof az;

addStrings("offline", { az, en });
