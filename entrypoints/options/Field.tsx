import './field.css';

/**
 * One labelled input of the options and setup pages, with its hint and its error tied to it for screen readers: a text
 * input (or another `type`), a textarea, or a select.
 */
export function Field(props: {
  id: string;
  label: string;
  hint?: string | undefined;
  value: string;
  error?: string | undefined;
  onInput(value: string): void;
  type?: string;
  multiline?: boolean;
  /** For a `select`: the values offered and their labels. */
  choices?: readonly { value: string; label: string }[] | undefined;
  /** The id of a `<datalist>` of suggestions. */
  list?: string;
  /** Not changeable here (the IT department's policy sets it; the hint says so). */
  disabled?: boolean;
}) {
  const { id, label, hint, value, error, onInput, type = 'text', multiline, choices, list, disabled } = props;
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: id,
    value,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    onInput: (event: Event) => onInput((event.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {choices ? (
        <select {...common} onChange={common.onInput}>
          {choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      ) : multiline ? (
        <textarea rows={4} spellcheck={false} {...common} />
      ) : (
        <input type={type} spellcheck={false} list={list} {...common} />
      )}
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
