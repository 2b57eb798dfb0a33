import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A select whose first choice comes from the settings and is then the viewer's: re-rendering the page (a status line,
 * another field) never puts it back. Fields of the settings forms are all like this (`defaultValue`, `defaultChecked`).
 */
export function Select(p: {
  id: string;
  name: string;
  initial: string;
  options: [value: string, label: string][];
  onChange?: (value: string) => void;
  testid?: string;
  describedBy?: string;
}) {
  const ref = useRef<HTMLSelectElement>(null);
  // Set once, when it appears: later renders leave the choice alone.
  useLayoutEffect(() => {
    if (ref.current) ref.current.value = p.initial;
  }, []);
  return (
    <select ref={ref} id={p.id} name={p.name} data-testid={p.testid} aria-describedby={p.describedBy} onChange={(e) => p.onChange?.(e.currentTarget.value)}>
      {p.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </select>
  );
}
