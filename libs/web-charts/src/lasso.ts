/** A point in the map's own coordinates (the SVG viewBox), x to the right, y down. */
export type Point = readonly [number, number];

/** Even-odd ray casting: true when the point lies inside the polygon (its last point joins the first). */
export function pointInPolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The areas a lasso selects: those whose centroid falls inside the drawn polygon. A drag shorter
 * than three points, or one that encloses no area, selects nothing.
 */
export function areasInLasso(centroids: readonly { id: string; centroid: Point | null }[], polygon: readonly Point[]): string[] {
  if (polygon.length < 3) return [];
  return centroids.filter((c) => c.centroid !== null && pointInPolygon(c.centroid, polygon)).map((c) => c.id);
}

/** Drops points closer than `min` units to the previous one, so a slow drag does not store thousands. */
export function addLassoPoint(polygon: Point[], p: Point, min = 2): Point[] {
  const last = polygon.at(-1);
  if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < min) return polygon;
  return [...polygon, p];
}
