import { describe, expect, it } from 'vitest';
import { tapStep } from '../../../src/viz/common/tapTip';

const cell = { key: 'h0/weight/3', text: 'head 0 · key #3 “ the” · weight 0.1234' };
const other = { key: 'h1/weight/2', text: 'head 1 · key #2 “ a” · weight 0.0500' };

describe('tapStep (tap for hover)', () => {
  it('a first tap on a mark shows its details and holds its click back', () => {
    expect(tapStep(null, 'touch', cell)).toEqual({ shown: cell, click: false });
    expect(tapStep(other, 'pen', cell)).toEqual({ shown: cell, click: false });
  });

  it('a second tap on the same mark lets its click through', () => {
    expect(tapStep(cell, 'touch', cell)).toEqual({ shown: cell, click: true });
  });

  it('a tap off the marks hides the details and clicks as usual', () => {
    expect(tapStep(cell, 'touch', null)).toEqual({ shown: null, click: true });
  });

  it('a mouse clicks at once (hover already showed the details) and leaves the shown details', () => {
    expect(tapStep(null, 'mouse', cell)).toEqual({ shown: null, click: true });
    expect(tapStep(other, 'mouse', cell)).toEqual({ shown: other, click: true });
  });
});
