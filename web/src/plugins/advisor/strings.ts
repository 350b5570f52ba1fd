// The advisor plugin's strings (i18next namespace `advisor`): tool labels, sources, starter questions.
export const az = {
  suggestion1: "Pambıq üçün suvarma nə vaxt lazımdır?",
  suggestion2: "Bu ay hansı gübrəni verməliyəm?",
  suggestion3: "Bölgəmdə iqlim necədir?",
  sourcesLabel: "Mənbələr",
  sourceOpens: "(yeni pəncərədə açılır)",
  suggestionsLabel: "Təsərrüfatınız üçün sual nümunələri",
  quickRepliesLabel: "Cavab seçin",
  "tool.crop_calendar": "əkin təqviminə baxılır…",
  "tool.irrigation_need": "suvarma ehtiyacı hesablanır…",
  "tool.fertilizer_plan": "gübrə planı hazırlanır…",
  "tool.pests_diseases": "zərərvericilər və xəstəliklər axtarılır…",
  "tool.crop_coefficients": "bitki əmsalları axtarılır…",
  "tool.irrigation_this_week": "bu həftənin hava proqnozu yoxlanılır…",
  "tool.climate_normals": "iqlim göstəricilərinə baxılır…",
  "tool.propose_profile_change": "profil dəyişikliyi təklif olunur…",
} as const;

export const en: Record<keyof typeof az, string> = {
  suggestion1: "When does cotton need irrigation?",
  suggestion2: "Which fertiliser should I apply this month?",
  suggestion3: "What is the climate like in my region?",
  sourcesLabel: "Sources",
  sourceOpens: "(opens in a new tab)",
  suggestionsLabel: "Example questions for your farm",
  quickRepliesLabel: "Choose an answer",
  "tool.crop_calendar": "checking the crop calendar…",
  "tool.irrigation_need": "working out the irrigation need…",
  "tool.fertilizer_plan": "preparing a fertiliser plan…",
  "tool.pests_diseases": "looking up pests and diseases…",
  "tool.crop_coefficients": "looking up crop coefficients…",
  "tool.irrigation_this_week": "checking this week's forecast…",
  "tool.climate_normals": "looking up climate normals…",
  "tool.propose_profile_change": "proposing a profile change…",
};
export type AdvisorKey = keyof typeof az;
