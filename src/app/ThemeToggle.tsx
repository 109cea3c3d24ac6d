/** The theme menu in the header: follow the system, or always light, or always dark. */
import { useId, useState } from 'react';
import { S } from '../strings';
import { applyTheme, isThemeChoice, readThemeChoice, type ThemeChoice } from './theme';

export function ThemeToggle() {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
  const id = useId();
  return (
    <div className="theme-toggle">
      <label htmlFor={id}>{S.theme.label}</label>
      <select
        id={id}
        value={choice}
        onChange={(e) => {
          const v = e.target.value;
          if (!isThemeChoice(v)) return;
          setChoice(v);
          applyTheme(v);
        }}
      >
        <option value="system">{S.theme.system}</option>
        <option value="light">{S.theme.light}</option>
        <option value="dark">{S.theme.dark}</option>
      </select>
    </div>
  );
}
