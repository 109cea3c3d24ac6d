/**
 * Local state that follows a prop: a view can react to its own clicks before the app's store
 * answers, and snaps back to the prop whenever the prop changes (React's "adjust state while
 * rendering" pattern, no effect).
 */
import { useState } from 'react';

/** [value, set]: value starts as `prop`, `set` changes it locally, a new `prop` replaces it. */
export function useFollowedState<T>(prop: T): [T, (v: T) => void] {
  const [value, setValue] = useState(prop);
  const [seen, setSeen] = useState(prop);
  if (!Object.is(seen, prop)) {
    setSeen(prop);
    setValue(prop);
  }
  return [value, setValue];
}
