import { percentOf } from './percent.js';

describe('percentOf', () => {
  it.each([
    [2, 3, 66.7],
    [1, 3, 33.3],
    [38, 50, 76],
    [0, 4, 0],
    [4, 4, 100],
    [0, 0, null],
  ])('%i of %i is %p', (part, whole, expected) => {
    expect(percentOf(part, whole)).toBe(expected);
  });
});
