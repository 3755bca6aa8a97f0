import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';

export interface PickerOption {
  value: string;
  label: string;
  hint?: string;
}

/**
 * A labelled search box with a list of matches (keyboard reachable buttons). The chosen value is shown
 * with a clear button. Options come from the server (`/api/taxonomy/*`, `/api/regions`).
 */
export function SearchPicker({
  label,
  value,
  valueLabel,
  placeholder,
  search,
  queryKey,
  onChange,
  clearLabel = 'Clear',
}: {
  label: string;
  value?: string;
  valueLabel?: string;
  placeholder?: string;
  search: (q: string) => Promise<PickerOption[]>;
  queryKey: string;
  onChange: (value: string | undefined) => void;
  clearLabel?: string;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const q = useDeferredValue(text.trim());
  const results = useQuery({ queryKey: ['picker', queryKey, q], queryFn: () => search(q), enabled: open && q.length > 0, staleTime: 300_000 });
  const choose = (v: string | undefined) => {
    onChange(v);
    setText('');
    setOpen(false);
  };
  return (
    <div className="picker">
      <label htmlFor={id}>{label}</label>
      {value ? (
        <div className="picker-value">
          <span data-testid={`${queryKey}-value`}>{valueLabel ?? value}</span>
          <button type="button" className="link-button" onClick={() => choose(undefined)} aria-label={`${clearLabel} ${label.toLowerCase()}`}>
            ×
          </button>
        </div>
      ) : null}
      <input
        id={id}
        type="search"
        value={text}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
          if (e.key === 'Enter' && results.data?.length) {
            e.preventDefault();
            choose(results.data[0].value);
          }
        }}
        aria-describedby={`${id}-results`}
      />
      <div id={`${id}-results`} className="picker-results" aria-live="polite">
        {open && q ? (
          results.isPending ? (
            <span className="muted">Searching…</span>
          ) : results.error ? (
            <span role="alert">Search failed: {String((results.error as Error).message)}</span>
          ) : results.data && results.data.length ? (
            <ul aria-label={`${label} matches`}>
              {results.data.map((o) => (
                <li key={o.value}>
                  <button type="button" className="option" onClick={() => choose(o.value)}>
                    {o.label}
                    {o.hint ? <span className="muted"> {o.hint}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <span className="muted">No match for “{q}”.</span>
          )
        ) : null}
      </div>
    </div>
  );
}
