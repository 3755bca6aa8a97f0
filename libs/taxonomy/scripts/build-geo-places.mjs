#!/usr/bin/env node
// Builds libs/taxonomy/data/geo_places_2023/{zips,places}.tsv.gz from the published crosswalks
// (HUD-USPS ZIP-county 2023 Q1, MCDC Geocorr 2022 county x place) and the CTData Collaborative
// Connecticut town files in ./source. Run by hand when the inputs change:
//   node libs/taxonomy/scripts/build-geo-places.mjs <folder with hud_zip_county_2023q1.csv and geocorr2022_county_place_2020pop.csv>
// The output is what the geocoder reads; this script is not run by the product or the tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

const here = dirname(fileURLToPath(import.meta.url));
const dataDir = join(here, '..', 'data');
const outDir = join(dataDir, 'geo_places_2023');
const inDir = process.argv[2] ?? '/work/shared/data/geo_zip_place';

const counties = new Map(
  parse(readFileSync(join(dataDir, 'geo_fips', 'us_counties.csv')), { columns: true, bom: true }).map((r) => [r.county_geoid, r]),
);

// Connecticut: the crosswalks use the eight old counties (09001-09015); the product uses the nine
// planning regions (09110-09190). Towns never straddle a region, so a town (or a ZIP placed in a
// town by CTData's ZCTA-centroid join) gives the region without guessing.
const ctTownRegion = new Map();
for (const r of parse(readFileSync(join(outDir, 'source', 'ct_town_to_planning_region.csv')), { columns: true, bom: true, trim: true })) {
  ctTownRegion.set(r.town_name.toLowerCase(), `0${r.ce_fips_2022}`);
}
// An old county whose towns all lie in one region (Middlesex -> 09130) maps whole.
const ctOldCountyRegions = new Map();
for (const r of parse(readFileSync(join(outDir, 'source', 'ct_town_to_planning_region.csv')), { columns: true, bom: true, trim: true })) {
  const old = `0${r.town_fips_2020.slice(0, 4)}`;
  const set = ctOldCountyRegions.get(old) ?? new Set();
  set.add(`0${r.ce_fips_2022}`);
  ctOldCountyRegions.set(old, set);
}
const wholeOldCounty = (old) => { const s = ctOldCountyRegions.get(old); return s && s.size === 1 ? [...s][0] : undefined; };
const ctZipRegion = new Map();
for (const r of parse(readFileSync(join(outDir, 'source', 'ct_2020zip_to_town.csv')), { columns: true, bom: true, trim: true })) {
  ctZipRegion.set(r['2020zip5'], `0${r.Town_FIPS_22.slice(0, 4)}`);
}
const stats = { zips: 0, ctByZip: 0, ctByCity: 0, ctDropped: [], zipUnknownCounty: [], places: 0, ctPlacesByTown: 0, ctPlacesDropped: [], placeUnknownCounty: new Set() };

// ---- ZIPs: the county with the largest residential ratio (total ratio for ZIPs without homes)
const zipRows = parse(readFileSync(join(inDir, 'hud_zip_county_2023q1.csv')), { columns: true, bom: true });
const byZip = new Map();
for (const r of zipRows) {
  const list = byZip.get(r.ZIP) ?? [];
  list.push(r);
  byZip.set(r.ZIP, list);
}
const zipLines = [];
for (const [zip, rows] of [...byZip].sort((a, b) => a[0].localeCompare(b[0]))) {
  const anyRes = rows.some((r) => Number(r.RES_RATIO) > 0);
  const ratio = (r) => Number(anyRes ? r.RES_RATIO : r.TOT_RATIO);
  rows.sort((a, b) => ratio(b) - ratio(a));
  const best = rows[0];
  let county = best.COUNTY;
  const city = best.USPS_ZIP_PREF_CITY;
  const st = best.USPS_ZIP_PREF_STATE;
  if (county.startsWith('09') && Number(county) < 9100) {
    const viaZip = ctZipRegion.get(zip);
    const viaCity = ctTownRegion.get(city.toLowerCase());
    if (viaZip) { county = viaZip; stats.ctByZip++; }
    else if (viaCity) { county = viaCity; stats.ctByCity++; }
    else if (wholeOldCounty(county)) { county = wholeOldCounty(county); stats.ctByCity++; }
    else { stats.ctDropped.push(`${zip} ${city}`); continue; }
  }
  if (!counties.has(county)) { stats.zipUnknownCounty.push(`${zip}:${county}`); continue; }
  zipLines.push([zip, county, ratio(best).toFixed(3).replace(/0+$/, '').replace(/\.$/, ''), city, st].join('\t'));
  stats.zips++;
}

// ---- Places: Geocorr 2022 county x place (two header lines, latin-1); main county by afact2
const text = readFileSync(join(inDir, 'geocorr2022_county_place_2020pop.csv')).toString('latin1');
const placeRows = parse(text, { columns: true, bom: true, from_line: 1 }).slice(1); // second line holds labels
const byPlace = new Map();
for (const r of placeRows) {
  if (r.place === '99999' || r.PlaceName.startsWith('[')) continue;
  const key = `${r.state}${r.place}`;
  const list = byPlace.get(key) ?? [];
  list.push(r);
  byPlace.set(key, list);
}
const placeLines = [];
const TYPE = /\s+(city and borough|city|town|village|borough|CDP|municipality|zona urbana|comunidad|urban county|consolidated government|unified government|metropolitan government|metro government|government)(\s+\(balance\))?$/i;
for (const rows of byPlace.values()) {
  const full = rows[0].PlaceName.replace(/, [A-Z]{2}$/, '');
  const m = TYPE.exec(full);
  const name = (m ? full.slice(0, m.index) : full.replace(/\s+\(balance\)$/, '')).trim();
  const kind = m ? m[1].toLowerCase() : 'place';
  const st = rows[0].stab;
  let shares = rows.map((r) => ({ county: r.county, share: Number(r.afact2) })).sort((a, b) => b.share - a.share);
  if (st === 'CT') {
    const region = ctTownRegion.get(name.toLowerCase()) ?? (rows.length === 1 ? wholeOldCounty(rows[0].county) : undefined);
    if (!region) { stats.ctPlacesDropped.push(full); continue; }
    shares = [{ county: region, share: 1 }];
    stats.ctPlacesByTown++;
  }
  shares = shares.filter((s) => { if (counties.has(s.county)) return true; stats.placeUnknownCounty.add(s.county); return false; });
  if (!shares.length) continue;
  const pop = rows.reduce((s, r) => s + Number(r.pop20), 0);
  const others = shares.length > 1 ? shares.map((s) => `${s.county}:${s.share.toFixed(3)}`).join(',') : '';
  placeLines.push([st, name, kind, shares[0].county, shares[0].share.toFixed(3).replace(/0+$/, '').replace(/\.$/, ''), pop, others].join('\t'));
  stats.places++;
}
// Connecticut towns are county subdivisions, not Census places: add each with its region.
const ctPlaceNames = new Set(placeLines.filter((l) => l.startsWith('CT\t')).map((l) => l.split('\t')[1].toLowerCase()));
for (const r of parse(readFileSync(join(outDir, 'source', 'ct_town_to_planning_region.csv')), { columns: true, bom: true, trim: true })) {
  if (ctPlaceNames.has(r.town_name.toLowerCase())) continue;
  placeLines.push(['CT', r.town_name, 'town', `0${r.ce_fips_2022}`, '1', '0', ''].join('\t'));
}
placeLines.sort();

const header = (cols) => `# ${cols.join('\t')}\n`;
writeFileSync(join(outDir, 'zips.tsv.gz'), gzipSync(header(['zip', 'county', 'ratio', 'usps_city', 'usps_state']) + zipLines.join('\n') + '\n', { level: 9 }));
writeFileSync(join(outDir, 'places.tsv.gz'), gzipSync(header(['state', 'name', 'kind', 'county', 'share', 'pop20', 'counties']) + placeLines.join('\n') + '\n', { level: 9 }));
console.log(JSON.stringify({ ...stats, placeUnknownCounty: [...stats.placeUnknownCounty], ctDropped: stats.ctDropped.length, ctDroppedSample: stats.ctDropped.slice(0, 10), ctPlacesDropped: stats.ctPlacesDropped.length, ctPlacesDroppedSample: stats.ctPlacesDropped.slice(0, 10), placeLines: placeLines.length }, null, 1));
