import { createContext, createElement, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { cropLabel } from "../../server/personas/catalogue.js";

export type Language = "az" | "en";

const az = {
  appName: "Yonca",
  tagline: "Tarlanızı tanıyan aqronom məsləhətçisi",
  signInTitle: "Xoş gəlmisiniz",
  signInLead: "Suvarma, gübrələmə və əkin təqvimi barədə sualınızı verin — cavab sizin təsərrüfatınıza uyğun olacaq.",
  signInWithGoogle: "Google ilə daxil olun",
  devLoginTitle: "Yerli inkişaf üçün giriş",
  devLoginNote: "Yalnız yerli inkişaf mühitində: parolsuz, e-poçtla daxil olma.",
  email: "E-poçt",
  nameOptional: "Ad (istəyə görə)",
  signIn: "Daxil ol",
  signingIn: "Daxil olunur…",
  invalidEmail: "Düzgün e-poçt ünvanı daxil edin.",
  noSignInMethod: "Hazırda heç bir giriş üsulu aktiv deyil. Administratorla əlaqə saxlayın.",
  signInFailed: "Daxil olmaq alınmadı. Zəhmət olmasa, yenidən cəhd edin.",
  signInCancelled: "Google ilə giriş ləğv edildi. İstədiyiniz vaxt yenidən cəhd edə bilərsiniz.",
  signInExpired: "Giriş sorğusunun vaxtı bitdi. Zəhmət olmasa, yenidən cəhd edin.",
  signedOutElsewhere: "Hesabdan çıxdınız. Davam etmək üçün yenidən daxil olun.",
  serverUnreachable: "Serverə qoşulmaq mümkün olmadı.",
  tryAgain: "Yenidən cəhd edin",
  language: "Dil",
  switchToEnglish: "English",
  switchToAzerbaijani: "Azərbaycanca",
  languageSwitchLabel: "Interfeys dili",
  conversations: "Söhbətlər",
  newChat: "Yeni söhbət",
  noConversations: "Hələ söhbət yoxdur.",
  untitled: "Yeni söhbət",
  profile: "Profil",
  openConversations: "Söhbətləri aç",
  openProfile: "Fermer profilini aç",
  close: "Bağla",
  logout: "Çıxış",
  loggingOut: "Çıxılır…",
  composerLabel: "Sualınız",
  composerPlaceholder: "Məsələn: Pambıq üçün suvarma nə vaxt lazımdır?",
  composerPlaceholderShort: "Sualınızı yazın…",
  composerHint: "Göndərmək üçün Enter, yeni sətir üçün Shift+Enter",
  send: "Göndər",
  stop: "Dayandır",
  you: "Siz",
  advisor: "Məsləhətçi",
  thinking: "Cavab hazırlanır…",
  stopped: "Dayandırıldı",
  usedProfile: "İstifadə olunan profil məlumatları",
  emptyTitle: "Nə ilə kömək edə bilərəm?",
  emptyLead: "Sualınızı yazın — profilinizdəki region, bitki və sahə nəzərə alınacaq.",
  suggestion1: "Pambıq üçün suvarma nə vaxt lazımdır?",
  suggestion2: "Bu ay hansı gübrəni verməliyəm?",
  suggestion3: "Bölgəmdə iqlim necədir?",
  sourcesLabel: "Mənbələr",
  sourceOpens: "(yeni pəncərədə açılır)",
  suggestionsLabel: "Təsərrüfatınız üçün sual nümunələri",
  retry: "Yenidən göndər",
  dismiss: "Bağla",
  messagesLabel: "Mesajlar",
  loadingConversation: "Söhbət açılır…",
  "tool.crop_calendar": "əkin təqviminə baxılır…",
  "tool.irrigation_need": "suvarma ehtiyacı hesablanır…",
  "tool.fertilizer_plan": "gübrə planı hazırlanır…",
  "tool.pests_diseases": "zərərvericilər və xəstəliklər axtarılır…",
  "tool.crop_coefficients": "bitki əmsalları axtarılır…",
  "tool.irrigation_this_week": "bu həftənin hava proqnozu yoxlanılır…",
  "tool.climate_normals": "iqlim göstəricilərinə baxılır…",
  "tool.update_farm_profile": "profiliniz yenilənir…",
  "tool.other": "alət işləyir…",
  "error.bad_request": "Mesaj qəbul edilmədi.",
  "error.too_long": "Mesaj çox uzundur. Qısaldıb yenidən göndərin.",
  "error.rate_limited": "Çox tez-tez yazırsınız. Bir dəqiqə gözləyib yenidən cəhd edin.",
  "error.busy": "Məsləhətçi hələ əvvəlki suala cavab verir.",
  "error.not_found": "Söhbət tapılmadı.",
  "error.unavailable": "Məsləhətçi hazırda əlçatan deyil.",
  "error.timeout": "Server cavab vermədi.",
  "error.offline": "Bağlantı yoxdur. Mesaj göndərilmədi.",
  "error.generic": "Nəsə alınmadı.",
  "banner.connecting": "Qoşulur…",
  "banner.reconnecting": "Bağlantı kəsildi. Yenidən qoşulur…",
  "banner.offline": "Oflaynsınız. İnternet bərpa olunanda yenidən qoşulacağıq.",
  "banner.personaUnavailable": "Profiliniz hazırda yüklənmədi. Yadda saxlanmamış profil göstərmirik.",
  "banner.shutdown": "Server yenidən başladılır. Qoşulmağa çalışırıq…",
  "banner.tooMany": "Həddindən çox açıq pəncərə var. Bəzilərini bağlayıb yenidən qoşulun.",
  "banner.closed": "Bağlantı bağlandı.",
  "banner.retry": "Yenidən qoşul",
  personaTitle: "Fermer profili",
  fullName: "Ad, soyad",
  finCode: "FİN",
  region: "Region",
  cropType: "Əsas bitki",
  totalAreaHa: "Sahə",
  experienceLevel: "Təcrübə",
  ektisStatus: "EKTİS statusu",
  ektisRegistered: "Təsdiqlənib",
  ektisNotVerified: "Təsdiqlənməyib",
  ektisUnconfirmed: "Qeyd var, təsdiqlənməyib",
  hectares: "ha",
  "experience.novice": "Başlanğıc",
  "experience.intermediate": "Orta",
  "experience.expert": "Təcrübəli",
  "source.synthetic": "sintetik demo",
  "source.verified": "təsdiqlənib",
  "source.oauth": "Google hesabından",
  "source.mygov": "myGov, təsdiqlənməyib",
  sourceSyntheticHint: "Bu məlumatlar nümunə üçün yaradılıb, dövlət məlumatı deyil.",
  edit: "Redaktə et",
  save: "Yadda saxla",
  saving: "Saxlanılır…",
  cancel: "Ləğv et",
  saved: "Profil yeniləndi.",
  editProfile: "Profili redaktə et",
  regenerate: "Yenidən yarat",
  regenerateTitle: "Profil yenidən yaradılsın?",
  regenerateBody: "Region, bitki, sahə və digər sintetik məlumatlar yeni dəyərlərlə əvəz olunacaq. Dəyişiklik tarixçədə qalacaq.",
  regenerateConfirm: "Bəli, yenidən yarat",
  regenerated: "Profil yenidən yaradıldı.",
  history: "Tarixçə",
  showHistory: "Tarixçəni göstər",
  hideHistory: "Tarixçəni gizlət",
  historyEmpty: "Hələ dəyişiklik yoxdur.",
  historyLoading: "Yüklənir…",
  "event.created": "Yaradıldı",
  "event.login": "Giriş",
  "event.updated": "Dəyişdirildi",
  "event.regenerated": "Yenidən yaradıldı",
  by: "kim",
  "validation.required": "Bu sahə boş ola bilməz.",
  "validation.region": "Siyahıdan region seçin.",
  "validation.crop": "Siyahıdan bitki seçin.",
  "validation.area": "Sahə 0,1 ilə 100 000 ha arasında rəqəm olmalıdır.",
  "validation.experience": "Təcrübə səviyyəsini seçin.",
  "validation.nothing": "Heç nə dəyişməyib.",
  saveFailed: "Profil saxlanmadı.",
  personaLoading: "Profil yüklənir…",
  skipToChat: "Söhbətə keç",
} as const;

export type MessageKey = keyof typeof az;
type Dictionary = Record<MessageKey, string>;

const en: Dictionary = {
  appName: "Yonca",
  tagline: "An agronomy advisor that knows your farm",
  signInTitle: "Welcome",
  signInLead: "Ask about irrigation, fertiliser or the planting calendar — the answer fits your own farm.",
  signInWithGoogle: "Sign in with Google",
  devLoginTitle: "Local development sign-in",
  devLoginNote: "Local development only: sign in with an email, no password.",
  email: "Email",
  nameOptional: "Name (optional)",
  signIn: "Sign in",
  signingIn: "Signing in…",
  invalidEmail: "Enter a valid email address.",
  noSignInMethod: "No sign-in method is enabled right now. Please contact the administrator.",
  signInFailed: "Signing in did not work. Please try again.",
  signInCancelled: "Google sign-in was cancelled. You can try again whenever you like.",
  signInExpired: "The sign-in request expired. Please try again.",
  signedOutElsewhere: "You have been signed out. Sign in again to continue.",
  serverUnreachable: "Could not reach the server.",
  tryAgain: "Try again",
  language: "Language",
  switchToEnglish: "English",
  switchToAzerbaijani: "Azərbaycanca",
  languageSwitchLabel: "Interface language",
  conversations: "Conversations",
  newChat: "New chat",
  noConversations: "No conversations yet.",
  untitled: "New chat",
  profile: "Profile",
  openConversations: "Open conversations",
  openProfile: "Open farmer profile",
  close: "Close",
  logout: "Log out",
  loggingOut: "Logging out…",
  composerLabel: "Your question",
  composerPlaceholder: "For example: When does cotton need irrigation?",
  composerPlaceholderShort: "Ask a question…",
  composerHint: "Enter to send, Shift+Enter for a new line",
  send: "Send",
  stop: "Stop",
  you: "You",
  advisor: "Advisor",
  thinking: "Preparing an answer…",
  stopped: "Stopped",
  usedProfile: "Profile details used",
  emptyTitle: "How can I help?",
  emptyLead: "Ask your question — your region, crop and area are taken into account.",
  suggestion1: "When does cotton need irrigation?",
  suggestion2: "Which fertiliser should I apply this month?",
  suggestion3: "What is the climate like in my region?",
  sourcesLabel: "Sources",
  sourceOpens: "(opens in a new tab)",
  suggestionsLabel: "Example questions for your farm",
  retry: "Send again",
  dismiss: "Dismiss",
  messagesLabel: "Messages",
  loadingConversation: "Opening the conversation…",
  "tool.crop_calendar": "checking the crop calendar…",
  "tool.irrigation_need": "working out the irrigation need…",
  "tool.fertilizer_plan": "preparing a fertiliser plan…",
  "tool.pests_diseases": "looking up pests and diseases…",
  "tool.crop_coefficients": "looking up crop coefficients…",
  "tool.irrigation_this_week": "checking this week's forecast…",
  "tool.climate_normals": "looking up climate normals…",
  "tool.update_farm_profile": "updating your farm profile…",
  "tool.other": "running a tool…",
  "error.bad_request": "The message was not accepted.",
  "error.too_long": "The message is too long. Shorten it and send again.",
  "error.rate_limited": "You are sending messages too quickly. Wait a minute and try again.",
  "error.busy": "The advisor is still answering the previous question.",
  "error.not_found": "The conversation was not found.",
  "error.unavailable": "The advisor is unavailable right now.",
  "error.timeout": "The server did not answer.",
  "error.offline": "No connection. The message was not sent.",
  "error.generic": "Something went wrong.",
  "banner.connecting": "Connecting…",
  "banner.reconnecting": "Connection lost. Reconnecting…",
  "banner.offline": "You are offline. We will reconnect when the internet is back.",
  "banner.personaUnavailable": "Your profile could not be loaded right now. We never show an unsaved profile.",
  "banner.shutdown": "The server is restarting. Trying to reconnect…",
  "banner.tooMany": "Too many open windows. Close some of them and reconnect.",
  "banner.closed": "The connection was closed.",
  "banner.retry": "Reconnect",
  personaTitle: "Farmer profile",
  fullName: "Full name",
  finCode: "FIN",
  region: "Region",
  cropType: "Main crop",
  totalAreaHa: "Area",
  experienceLevel: "Experience",
  ektisStatus: "EKTIS status",
  ektisRegistered: "Verified",
  ektisNotVerified: "Not verified",
  ektisUnconfirmed: "Marked, not verified",
  hectares: "ha",
  "experience.novice": "Novice",
  "experience.intermediate": "Intermediate",
  "experience.expert": "Expert",
  "source.synthetic": "synthetic demo",
  "source.verified": "verified",
  "source.oauth": "from Google account",
  "source.mygov": "myGov, not verified",
  sourceSyntheticHint: "These details were generated for the demo; they are not government data.",
  edit: "Edit",
  save: "Save",
  saving: "Saving…",
  cancel: "Cancel",
  saved: "Profile updated.",
  editProfile: "Edit profile",
  regenerate: "Regenerate",
  regenerateTitle: "Regenerate the profile?",
  regenerateBody: "Region, crop, area and the other synthetic details will be replaced with new values. The change stays in the history.",
  regenerateConfirm: "Yes, regenerate",
  regenerated: "Profile regenerated.",
  history: "History",
  showHistory: "Show history",
  hideHistory: "Hide history",
  historyEmpty: "No changes yet.",
  historyLoading: "Loading…",
  "event.created": "Created",
  "event.login": "Sign-in",
  "event.updated": "Changed",
  "event.regenerated": "Regenerated",
  by: "by",
  "validation.required": "This field cannot be empty.",
  "validation.region": "Choose a region from the list.",
  "validation.crop": "Choose a crop from the list.",
  "validation.area": "Area must be a number between 0.1 and 100,000 ha.",
  "validation.experience": "Choose an experience level.",
  "validation.nothing": "Nothing has changed.",
  saveFailed: "The profile was not saved.",
  personaLoading: "Loading profile…",
  skipToChat: "Skip to chat",
};

const dictionaries: Record<Language, Dictionary> = { az, en };
const STORAGE_KEY = "yonca.language";

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" ? "en" : "az";
  } catch {
    return "az";
  }
}

export type Translate = (key: MessageKey) => string;

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate;
  /** Crop names are stored in Azerbaijani; this shows them in the UI language. */
  crop(name: string): string;
  has(key: string): key is MessageKey;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    setLanguageState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode without storage: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const dict = dictionaries[language];
    return {
      language,
      setLanguage,
      t: (key) => dict[key],
      crop: (name) => cropLabel(name, language),
      has: (key): key is MessageKey => key in dict,
    };
  }, [language, setLanguage]);

  return createElement(I18nContext.Provider, { value }, children);
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

/** Hectares with at most one decimal; Azerbaijani writes the decimal comma, as the advisor does. */
export function formatArea(value: number, language: Language): string {
  const text = String(Math.round(value * 10) / 10);
  return language === "az" ? text.replace(".", ",") : text;
}

const azMonths = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"];

/** Browsers' ICU data for az-AZ prints "2026 M11 23", so Azerbaijani dates are composed here. */
export function formatDateTime(iso: string, language: Language): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = `${String(date.getHours()).padStart(2, "0")}:${String(date.getMinutes()).padStart(2, "0")}`;
  const sameYear = date.getFullYear() === new Date().getFullYear();
  if (language === "en") {
    const day = new Intl.DateTimeFormat("en-GB", sameYear ? { day: "numeric", month: "short" } : { day: "numeric", month: "short", year: "numeric" }).format(date);
    return `${day}, ${time}`;
  }
  return `${date.getDate()} ${azMonths[date.getMonth()]}${sameYear ? "" : ` ${date.getFullYear()}`}, ${time}`;
}
