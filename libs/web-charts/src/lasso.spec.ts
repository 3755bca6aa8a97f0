import { describe, expect, it } from 'vitest';
import { addLassoPoint, areasInLasso, pointInPolygon } from './lasso';

describe('lasso selection of map areas', () => {
  const square = [
    [0, 0],
    [10, 0],
    [10, 10],
    [0, 10],
  ] as const;

  it('finds points inside a polygon, convex or not', () => {
    expect(pointInPolygon([5, 5], square)).toBe(true);
    expect(pointInPolygon([15, 5], square)).toBe(false);
    // a U shape: the notch is outside
    const u = [
      [0, 0],
      [3, 0],
      [3, 7],
      [7, 7],
      [7, 0],
      [10, 0],
      [10, 10],
      [0, 10],
    ] as const;
    expect(pointInPolygon([5, 3], u)).toBe(false);
    expect(pointInPolygon([5, 8], u)).toBe(true);
    expect(pointInPolygon([1, 3], u)).toBe(true);
  });

  it('selects the areas whose centroid falls inside, none for a click-sized drag', () => {
    const areas = [
      { id: 'a', centroid: [2, 2] as const },
      { id: 'b', centroid: [12, 2] as const },
      { id: 'c', centroid: null },
      { id: 'd', centroid: [9.9, 9.9] as const },
    ];
    expect(areasInLasso(areas, square)).toEqual(['a', 'd']);
    expect(
      areasInLasso(areas, [
        [0, 0],
        [10, 10],
      ]),
    ).toEqual([]);
  });

  it('thins a slow drag', () => {
    let p = addLassoPoint([], [0, 0]);
    p = addLassoPoint(p, [1, 0]);
    p = addLassoPoint(p, [3, 0]);
    expect(p).toEqual([
      [0, 0],
      [3, 0],
    ]);
  });
});
