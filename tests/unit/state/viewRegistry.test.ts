/** The Explore views' one registry: what the store, the URL, lessons and classroom links take from it. */
import { beforeEach, describe, expect, it } from 'vitest';
import { HIDEABLE } from '../../../src/classroom/controls';
import { LESSONS } from '../../../src/lessons';
import { useAppStore } from '../../../src/state/store';
import { decodeUrlState, encodeUrlState } from '../../../src/state/urlState';
import { S } from '../../../src/strings';
import {
  DEFAULT_VIEW,
  DETAIL_VIEWS,
  EXPLORE_VIEWS,
  isDetailId,
  isViewId,
  viewById,
} from '../../../src/app/viewRegistry';

const initial = useAppStore.getState();
beforeEach(() => useAppStore.setState(initial, true));

describe('the Explore view registry', () => {
  it('has unique ids and classes, names from S, and the default is a detail', () => {
    const ids = EXPLORE_VIEWS.map((v) => v.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(EXPLORE_VIEWS.map((v) => v.cls)).size).toBe(ids.length);
    for (const v of EXPLORE_VIEWS) expect(Object.values(S.explore.names)).toContain(v.label);
    expect(isDetailId(DEFAULT_VIEW)).toBe(true);
    expect(DETAIL_VIEWS.map((v) => v.id)).toEqual(
      expect.arrayContaining(['next', 'kv', 'attention', 'routing', 'balance', 'architecture']),
    );
    expect(isViewId('nope')).toBe(false);
  });

  it('each view’s strings name it as the registry does (the region name the tests find)', () => {
    expect(viewById('flow').label).toBe(S.flow.title);
    expect(viewById('next').label).toBe(S.nexttoken.title);
    expect(viewById('kv').label).toBe(S.kvcache.title);
    expect(viewById('attention').label).toBe(S.attention.title);
    expect(viewById('routing').label).toBe(S.routing.title);
    expect(viewById('balance').label).toBe(S.balance.title);
    expect(viewById('architecture').label).toBe(S.architecture.title);
  });

  it('every detail round-trips through the URL', () => {
    for (const v of DETAIL_VIEWS) {
      const hash = encodeUrlState({
        prompt: 'hi',
        seed: 1,
        sampling: { temperature: 1, topK: 0, topP: 1 },
        generated: 0,
        selected: 0,
        layer: 0,
        view: v.id,
      });
      expect(decodeUrlState(hash).view).toBe(v.id);
    }
  });

  it('the store shows a detail, ignores other ids, and openView asks for it to be scrolled to', () => {
    const s = useAppStore.getState();
    expect(s.view).toBe(DEFAULT_VIEW);
    s.setView('attention');
    expect(useAppStore.getState().view).toBe('attention');
    s.setView('nope' as never);
    expect(useAppStore.getState().view).toBe('attention');
    s.openView('routing');
    s.openView('routing');
    expect(useAppStore.getState()).toMatchObject({ view: 'routing', reveal: { view: 'routing', n: 2 } });
    s.setShowAll(true);
    expect(useAppStore.getState().showAll).toBe(true);
  });

  it('lessons name registry views, and a classroom link can hide each view', () => {
    for (const l of LESSONS)
      for (const step of l.steps) if (step.setup.view) expect(isViewId(step.setup.view), l.id).toBe(true);
    for (const v of EXPLORE_VIEWS) expect(HIDEABLE.map((c) => c.id)).toContain(`view-${v.id}`);
  });
});
