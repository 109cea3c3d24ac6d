/** The live views of the model at the selected token. */
import { useAppStore } from '../state/store';

export function ModelViews() {
  const record = useAppStore((s) => s.records[s.selected]);
  if (!record) return null;
  return (
    <section className="panel" role="region" aria-label="Selected token">
      <h2>
        Token {record.index}: <span className="mono">{record.text}</span>
      </h2>
    </section>
  );
}
