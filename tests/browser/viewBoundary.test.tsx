/**
 * The error boundary around each view and lab page, in Chromium: a view that throws while
 * rendering shows one line naming the view and the error with "Try again", its sibling keeps
 * working, and Try again renders the view again once it can.
 */
import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { ViewBoundary } from '../../src/app/ViewBoundary';

let broken = true;

function Fragile() {
  if (broken) throw new RangeError('Maximum call stack size exceeded');
  return <p>the view is back</p>;
}

function Sibling() {
  const [n, setN] = useState(0);
  return (
    <button type="button" onClick={() => setN(n + 1)}>
      clicked {n}
    </button>
  );
}

describe('ViewBoundary', () => {
  it('shows a one-line message naming the view and the error, keeps the rest working, and tries again', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host, { onCaughtError: () => {} }); // the boundary's own message is what we check
    root.render(
      <main>
        <Sibling />
        <ViewBoundary name="Balance lab">
          <Fragile />
        </ViewBoundary>
      </main>,
    );
    const alert = () => host.querySelector('[role="alert"]');
    await vi.waitFor(() => expect(alert()).not.toBeNull());
    expect(alert()!.textContent).toBe('Balance lab could not be shown: Maximum call stack size exceeded Try again');
    expect(host.querySelector('main')!.childElementCount).toBe(2); // not a blank page
    const sibling = host.querySelector('main > button') as HTMLButtonElement;
    sibling.click();
    await vi.waitFor(() => expect(sibling.textContent).toBe('clicked 1'));
    broken = false;
    (alert()!.querySelector('button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(host.textContent).toContain('the view is back'));
    expect(alert()).toBeNull();
    root.unmount();
    host.remove();
  });
});
