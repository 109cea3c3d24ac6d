/** The small note every view shows while its records come from seeded random weights. */
import './showData.css';

export interface UntrainedNoteProps {
  /** show the note only when true. */
  untrained?: boolean;
}

export function UntrainedNote({ untrained }: UntrainedNoteProps) {
  if (!untrained) return null;
  return (
    <p className="ka-untrained" role="note">
      Untrained weights: these internals come from a real forward pass over seeded random weights, so the shapes and
      sizes are real but the patterns are not learned yet.
    </p>
  );
}
