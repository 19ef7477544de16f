// Forms from blocks.json, rendered by react-jsonschema-form (RJSF) as they are. What a JSON
// Schema cannot say comes from blocks.json's form hints (x-secret, x-placeholder, x-advanced,
// x-showWhen) and one rule of this page's own: search, filter and q are alternatives, chosen
// with a "Find by" select.
import Ajv2020 from 'ajv/dist/2020';
import { customizeValidator } from '@rjsf/validator-ajv8';

// blocks.json's schemas are JSON Schema 2020-12.
export const validator = customizeValidator({ AjvClass: Ajv2020 });

// Okta's ways to narrow a list, of which a request takes one.
export const FINDERS = [
  ['q', 'Quick search (q)'],
  ['search', 'Search expression'],
  ['filter', 'Filter'],
];

// The finders an operation offers, when it offers more than one.
export function findersOf(schema) {
  const offered = FINDERS.filter(([name]) => schema.properties?.[name]);
  return offered.length > 1 ? offered : [];
}

// Whether a field's x-showWhen holds for the form's data.
function shown(property, data) {
  const when = property['x-showWhen'];
  if (!when) return true;
  return Object.entries(when).every(([field, wanted]) =>
    Array.isArray(wanted) ? wanted.includes(data[field]) : data[field] === wanted,
  );
}

// The fields to leave out: those whose x-showWhen does not hold, and the finders not chosen.
export function hiddenFields(schema, data, finder) {
  const hidden = new Set();
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (!shown(property, data)) hidden.add(name);
  }
  const finders = findersOf(schema);
  for (const [name] of finders) {
    if (name !== finder) hidden.add(name);
  }
  return hidden;
}

// The uiSchema for one schema: widgets from the form hints, hidden fields, and the advanced
// fields named for the template below (the chosen finder is never folded away).
export function uiSchemaFor(schema, hidden, finder) {
  const ui = { 'ui:submitButtonOptions': { norender: true } };
  const advanced = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = {};
    if (property['x-placeholder']) field['ui:placeholder'] = property['x-placeholder'];
    if (property['x-secret']) field['ui:widget'] = 'secret';
    else if (property.type === 'boolean') {
      // The switch shows its own label and help.
      field['ui:widget'] = 'switch';
      field['ui:label'] = false;
    }
    if (hidden.has(name)) field['ui:widget'] = 'hidden';
    if (property['x-advanced'] && name !== finder) advanced.push(name);
    ui[name] = field;
  }
  ui['ui:options'] = { advanced };
  return ui;
}

// The data to send: hidden fields and blank optional values left out.
export function cleaned(data, hidden) {
  const out = {};
  for (const [name, value] of Object.entries(data ?? {})) {
    if (hidden.has(name) || value === undefined || value === '' || value === null) continue;
    out[name] = value;
  }
  return out;
}

// A password field that React never writes into the DOM's value attribute (an uncontrolled
// input): the token lives in memory only, never in the page's HTML, storage or a URL.
function SecretWidget({ id, required, disabled, readonly, onChange, onBlur, onFocus, placeholder }) {
  return (
    <input
      id={id}
      name={id}
      type="password"
      className="form-control"
      autoComplete="off"
      spellCheck={false}
      required={required}
      disabled={disabled || readonly}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      onBlur={(e) => onBlur(id, e.target.value)}
      onFocus={(e) => onFocus(id, e.target.value)}
    />
  );
}

// A boolean as a switch.
function SwitchWidget({ id, value, disabled, readonly, onChange, label, schema }) {
  return (
    <div className="switch-field">
    <label className="switch" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        role="switch"
        checked={value === true}
        aria-checked={value === true}
        disabled={disabled || readonly}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className="slider" aria-hidden="true" />
      <span className="switch-label">{label}</span>
    </label>
    {schema.description && <p className="field-description">{schema.description}</p>}
    </div>
  );
}

// Fields in schema order, the advanced ones folded away under "Advanced".
function FoldingObjectTemplate({ properties, uiSchema, description }) {
  const advanced = new Set(uiSchema?.['ui:options']?.advanced ?? []);
  const main = properties.filter((p) => !advanced.has(p.name));
  const folded = properties.filter((p) => advanced.has(p.name) && !p.hidden);
  return (
    <fieldset className="fields">
      {description}
      {main.map((p) => p.content)}
      {folded.length > 0 && (
        <details className="advanced">
          <summary>Advanced ({folded.length})</summary>
          {folded.map((p) => p.content)}
        </details>
      )}
      {properties.filter((p) => advanced.has(p.name) && p.hidden).map((p) => p.content)}
    </fieldset>
  );
}

export const widgets = { secret: SecretWidget, switch: SwitchWidget };
export const templates = { ObjectFieldTemplate: FoldingObjectTemplate };
