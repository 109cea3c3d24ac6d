/** The list of lessons, each a button that opens it at its first step. */
import { S } from '../strings';
import type { Lesson } from './types';

export interface LessonPickerProps {
  lessons: Lesson[];
  onOpen: (id: string) => void;
}

export function LessonPicker({ lessons, onOpen }: LessonPickerProps) {
  return (
    <div className="lesson-picker">
      <h2>{S.classroom.pickerTitle}</h2>
      <ol>
        {lessons.map((l) => (
          <li key={l.id}>
            <button type="button" onClick={() => onOpen(l.id)}>
              {l.title}
            </button>{' '}
            <span className="muted">{l.summary}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
