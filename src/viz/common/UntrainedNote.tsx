/** The small note every view shows while its records come from seeded random weights. */
import type { ReactNode } from 'react';
import './vizBase.css';

export interface UntrainedNoteProps {
  /** show the note only when true. */
  untrained?: boolean;
  /** what the reader should make of it in this view; a general sentence when omitted. */
  children?: ReactNode;
}

const GENERAL =
  'Untrained weights: these internals come from a real forward pass over seeded random weights, so the shapes and sizes are real but the patterns are not learned yet.';

export function UntrainedNote({ untrained, children = GENERAL }: UntrainedNoteProps) {
  if (!untrained) return null;
  return (
    <p className="viz-untrained" role="note">
      {children}
    </p>
  );
}
