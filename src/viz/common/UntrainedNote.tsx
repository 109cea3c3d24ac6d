/** The small note every view shows while its records come from seeded random weights. */
import type { ReactNode } from 'react';
import { S } from '../../strings';
import './vizBase.css';

export interface UntrainedNoteProps {
  /** show the note only when true. */
  untrained?: boolean;
  /** what the reader should make of it in this view; a general sentence when omitted. */
  children?: ReactNode;
}

const GENERAL = S.views.untrained;

export function UntrainedNote({ untrained, children = GENERAL }: UntrainedNoteProps) {
  if (!untrained) return null;
  return (
    <p className="viz-untrained" role="note">
      {children}
    </p>
  );
}
