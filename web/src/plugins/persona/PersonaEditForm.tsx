import { useEffect, useId, useRef, useState, type FormEvent, type RefObject } from "react";
import { cropNames, normaliseRegion, regionNames, roundArea } from "../../../../server/personas/catalogue.js";
import { experienceLevels, type Persona, type PersonaPatch } from "../../../../server/personas/types.js";
import { formatArea } from "../../i18n.js";
import { usePersonaI18n, type PersonaKey } from "./i18n.js";
import { ApiError } from "../../lib/api.js";
import { updatePersona } from "./api.js";

type Field = "region" | "cropType" | "totalAreaHa" | "experienceLevel";
type Errors = Partial<Record<Field, string>>;

const AREA_MIN = 0.1;
const AREA_MAX = 100_000;

interface Props {
  persona: Persona;
  onSaved(persona: Persona): void;
  onCancel(): void;
}

export function PersonaEditForm({ persona, onSaved, onCancel }: Props) {
  const { t, crop, language } = usePersonaI18n();
  const [region, setRegion] = useState(persona.region);
  const [cropType, setCropType] = useState(persona.cropType);
  const [area, setArea] = useState(() => formatArea(persona.totalAreaHa, language));
  const [experience, setExperience] = useState<string>(persona.experienceLevel);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const firstField = useRef<HTMLSelectElement>(null);
  const ids = { region: useId(), cropType: useId(), totalAreaHa: useId(), experienceLevel: useId() };

  useEffect(() => firstField.current?.focus(), []);

  // A value set by SQL or an older catalogue stays selectable, so opening the form changes nothing.
  const regions = regionNames.includes(persona.region) ? regionNames : [persona.region, ...regionNames];
  const crops = (cropNames as string[]).includes(persona.cropType) ? (cropNames as string[]) : [persona.cropType, ...cropNames];
  const sortedCrops = [...crops].sort((a, b) => crop(a).localeCompare(crop(b), language));

  function validate(): { patch: PersonaPatch; errors: Errors } {
    const patch: PersonaPatch = {};
    const found: Errors = {};
    if (region !== persona.region) {
      // The server's rule (server/personas/catalogue.ts): a catalogue district, normalised.
      const district = normaliseRegion(region);
      if (district === null) found.region = t("validation.region");
      else patch.region = district;
    }
    if (cropType !== persona.cropType) {
      if (!(cropNames as string[]).includes(cropType)) found.cropType = t("validation.crop");
      else patch.cropType = cropType;
    }
    const normalized = area.trim().replace(",", ".");
    const value = Number(normalized);
    // Checked after rounding to one decimal, as the server stores it.
    const rounded = roundArea(value);
    if (normalized === "" || !Number.isFinite(value) || rounded < AREA_MIN || rounded > AREA_MAX) found.totalAreaHa = t("validation.area");
    else if (rounded !== persona.totalAreaHa) patch.totalAreaHa = rounded;
    if (experience !== persona.experienceLevel) {
      if (!(experienceLevels as readonly string[]).includes(experience)) found.experienceLevel = t("validation.experience");
      else patch.experienceLevel = experience as Persona["experienceLevel"];
    }
    return { patch, errors: found };
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { patch, errors: found } = validate();
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length > 0) return;
    if (Object.keys(patch).length === 0) {
      onCancel();
      return;
    }
    setSaving(true);
    try {
      onSaved(await updatePersona(patch));
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        const server: Errors = {};
        for (const field of Object.keys(ids) as Field[]) {
          const messages = error.fieldErrors[field];
          if (messages?.length) server[field] = messages.join(" ");
        }
        setErrors(server);
        if (Object.keys(server).length === 0) setFormError(error.message || t("saveFailed"));
      } else {
        setFormError(t("saveFailed"));
      }
    } finally {
      setSaving(false);
    }
  }

  const describe = (field: Field) => (errors[field] ? `${ids[field]}-error` : undefined);
  const errorText = (field: Field) =>
    errors[field] ? (
      <p id={`${ids[field]}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="persona-form" onSubmit={submit} noValidate aria-label={t("editProfile")}>
      <SelectField
        selectRef={firstField}
        id={ids.region}
        name="region"
        label={t("region")}
        value={region}
        onChange={setRegion}
        options={regions.map((name) => [name, name])}
        error={errors.region}
      />
      <SelectField
        id={ids.cropType}
        name="cropType"
        label={t("cropType")}
        value={cropType}
        onChange={setCropType}
        options={sortedCrops.map((name) => [name, crop(name)])}
        error={errors.cropType}
      />
      <div className="field">
        <label htmlFor={ids.totalAreaHa}>
          {t("totalAreaHa")} ({t("hectares")})
        </label>
        <input
          id={ids.totalAreaHa}
          name="totalAreaHa"
          type="text"
          inputMode="decimal"
          value={area}
          onChange={(e) => setArea(e.target.value)}
          aria-invalid={Boolean(errors.totalAreaHa) || undefined}
          aria-describedby={describe("totalAreaHa")}
        />
        {errorText("totalAreaHa")}
      </div>
      <SelectField
        id={ids.experienceLevel}
        name="experienceLevel"
        label={t("experienceLevel")}
        value={experience}
        onChange={setExperience}
        options={experienceLevels.map((level) => [level, t(`experience.${level}` as PersonaKey)])}
        error={errors.experienceLevel}
      />
      {formError && (
        <p className="field-error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="button button--ghost button--small" onClick={onCancel} disabled={saving}>
          {t("cancel")}
        </button>
        <button type="submit" className="button button--primary button--small" disabled={saving}>
          {saving ? t("saving") : t("save")}
        </button>
      </div>
    </form>
  );
}

/** A labelled choice of the form, with its error under it (tied to the select by aria-describedby). */
function SelectField({ selectRef, id, name, label, value, onChange, options, error }: {
  selectRef?: RefObject<HTMLSelectElement | null>;
  id: string;
  name: Field;
  label: string;
  value: string;
  onChange(value: string): void;
  /** [value, what the farmer reads] */
  options: [string, string][];
  error: string | undefined;
}) {
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        ref={selectRef}
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error) || undefined}
        aria-describedby={error ? errorId : undefined}
      >
        {options.map(([optionValue, text]) => (
          <option key={optionValue} value={optionValue}>
            {text}
          </option>
        ))}
      </select>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
