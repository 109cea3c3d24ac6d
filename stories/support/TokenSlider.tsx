/** What the app's timeline does in a story: a labelled token slider. */
export interface TokenSliderProps {
  /** tokens to choose from. */
  count: number;
  /** the selected position. */
  selected: number;
  onChange: (index: number) => void;
}

export function TokenSlider({ count, selected, onChange }: TokenSliderProps) {
  return (
    <label style={{ display: 'block', marginBottom: '0.5rem' }}>
      Token{' '}
      <input type="range" min={0} max={count - 1} value={selected} onChange={(e) => onChange(Number(e.target.value))} />{' '}
      <output>{selected}</output>
    </label>
  );
}
