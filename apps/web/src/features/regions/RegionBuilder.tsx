import type { CustomRegion, RegionListResponse, SessionResponse } from '@credpulse/contracts';
import { Choropleth, toChoroplethSeries, useAreaNames } from '@credpulse/web-charts';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { QueryView } from '../../components/QueryState';
import { SearchPicker } from '../../components/SearchPicker';
import { ApiError, getJson } from '../../lib/http';
import { useSession } from '../auth/auth.api';
import { SignInForm } from '../auth/SignInForm';
import { parseFipsList, useCustomRegions, useDeleteRegion, useSaveRegion } from './regions.api';

const canBuild = (s: SessionResponse) => s.principal.role === 'analyst' || s.principal.role === 'researcher' || s.principal.role === 'admin';

async function searchCounties(q: string) {
  const res = await getJson<RegionListResponse>('/api/regions', { q, kind: 'county', limit: 12 });
  return res.items.map((i) => ({ value: i.id, label: i.name, hint: i.id }));
}

/** Build a region from counties: click them on the map, search them, or paste FIPS codes; name it and save it. */
export function RegionBuilder() {
  const session = useSession();
  return (
    <section aria-labelledby="regions-h">
      <h1 id="regions-h">Regions</h1>
      <p className="lede">Build your own region from counties (a workforce development area, a commuting area), save it, and choose it in the Region filter of every view, report and export.</p>
      <QueryView query={session} what="your session" height={80}>
        {(s) => (canBuild(s) ? <Builder /> : <SignInForm needs="analyst" signedInAs={s.principal.kind === 'anonymous' ? null : `${s.principal.name} (${s.principal.role})`} />)}
      </QueryView>
    </section>
  );
}

function Builder() {
  const regions = useCustomRegions();
  const save = useSaveRegion();
  const remove = useDeleteRegion();
  const names = useAreaNames('county');
  const [editing, setEditing] = useState<number | undefined>();
  const [counties, setCounties] = useState<string[]>([]);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [paste, setPaste] = useState('');
  const [pasteNote, setPasteNote] = useState<string | null>(null);
  const [saved, setSaved] = useState<CustomRegion | null>(null);
  const [lassoMode, setLassoMode] = useState(false);
  const [lassoNote, setLassoNote] = useState<string | null>(null);
  const ids = { name: useId(), description: useId(), paste: useId() };

  const toggle = (fips: string) => setCounties((c) => (c.includes(fips) ? c.filter((x) => x !== fips) : [...c, fips].sort()));
  const add = (codes: string[]) => setCounties((c) => [...new Set([...c, ...codes])].sort());
  const nameOf = (fips: string) => names?.get(fips) ?? fips;

  const series = useMemo(() => {
    const s = toChoroplethSeries(counties, { fips: (f) => f, name: (f) => names?.get(f) ?? f, value: () => 1, areaLabel: 'County', valueLabel: 'In the region' });
    return { ...s, legend: s.legend.map((l) => ({ ...l, label: 'In the region' })) };
  }, [counties, names]);

  const startEdit = (r: CustomRegion) => {
    setEditing(r.id);
    setCounties(r.counties);
    setName(r.name);
    setDescription(r.description ?? '');
    setSaved(null);
    save.reset();
  };
  const startNew = () => {
    setEditing(undefined);
    setCounties([]);
    setName('');
    setDescription('');
    setSaved(null);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ id: editing, body: { name, description: description || null, counties } }, { onSuccess: (r) => { setSaved(r); setEditing(r.id); } });
  };
  const addPasted = () => {
    const { codes, rejected } = parseFipsList(paste);
    add(codes);
    setPaste('');
    setPasteNote(`${codes.length} ${codes.length === 1 ? 'code' : 'codes'} added${rejected.length ? `; not county FIPS codes: ${rejected.slice(0, 10).join(', ')}` : ''}.`);
  };
  const lassoed = (codes: string[]) => {
    const before = new Set(counties);
    const fresh = codes.filter((c) => !before.has(c));
    add(codes);
    setLassoNote(`Lasso: ${codes.length} ${codes.length === 1 ? 'county' : 'counties'} inside, ${fresh.length} added.`);
  };
  const problem = save.error instanceof ApiError ? save.error.problem : null;

  return (
    <>
      <form className="panel region-builder" aria-labelledby="builder-h" onSubmit={submit}>
        <h2 id="builder-h">{editing ? `Edit region ${name || editing}` : 'New region'}</h2>
        <p className="chart-desc">
          Click counties on the map to add or remove them, or switch on the lasso and drag around counties to add every county whose centre lies inside; search a county by name, or paste FIPS codes.
        </p>
        <div className="chart-actions">
          <button type="button" aria-pressed={lassoMode} onClick={() => setLassoMode((m) => !m)} data-testid="lasso-toggle">
            {lassoMode ? 'Lasso on: drag on the map' : 'Lasso select'}
          </button>
          {lassoNote ? (
            <span className="chart-note" role="status" data-testid="lasso-note">
              {lassoNote}
            </span>
          ) : null}
        </div>
        <div className="county-map" data-testid="county-map">
          <Choropleth
            series={series}
            level="county"
            label={lassoMode ? 'Map of counties: drag around counties to add them to the region' : 'Map of counties: click a county to add it to the region or remove it'}
            onSelect={toggle}
            onLasso={lassoMode ? lassoed : undefined}
          />
        </div>
        <div className="filter-bar">
          <SearchPicker label="Add a county" queryKey="county" placeholder="e.g. Riverside or 06065" search={searchCounties} onChange={(v) => v && add([v])} />
          <div className="field">
            <label htmlFor={ids.paste}>County FIPS codes</label>
            <textarea id={ids.paste} rows={2} value={paste} onChange={(e) => setPaste(e.target.value)} placeholder="06065, 06071" />
            <button type="button" onClick={addPasted} disabled={!paste.trim()}>
              Add codes
            </button>
            {pasteNote ? <p className="chart-note" role="status">{pasteNote}</p> : null}
          </div>
        </div>
        <h3 id="chosen-h">
          Counties in the region: <span data-testid="county-count">{counties.length}</span>
        </h3>
        <ul aria-labelledby="chosen-h" className="chosen-counties">
          {counties.map((c) => (
            <li key={c} data-fips={c}>
              {nameOf(c)} ({c}){' '}
              <button type="button" className="link-button" aria-label={`Remove ${nameOf(c)}`} onClick={() => toggle(c)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <div className="field">
          <label htmlFor={ids.name}>Region name</label>
          <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
        </div>
        <div className="field">
          <label htmlFor={ids.description}>Description</label>
          <textarea id={ids.description} rows={2} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={2000} />
        </div>
        <div className="chart-actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {editing ? 'Save changes' : 'Save region'}
          </button>
          {editing ? (
            <button type="button" onClick={startNew}>
              New region
            </button>
          ) : null}
        </div>
        {save.error ? (
          <div role="alert">
            <p>{save.error.message}</p>
            {problem?.errors?.length ? (
              <ul>
                {problem.errors.slice(0, 20).map((e, i) => (
                  <li key={i}>
                    {e.field}: {e.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {saved ? (
          <p role="status" data-testid="region-saved">
            Saved “{saved.name}” ({saved.counties.length} counties) as <code>{saved.code}</code>. <Link to={`/?region=${saved.code}`}>Open the dashboard for it</Link> ·{' '}
            <Link to={`/peers?region=${saved.code}`}>Compare with peers</Link> · <Link to={`/reports/region/${saved.code}`}>Regional report</Link>
          </p>
        ) : null}
      </form>
      <section className="panel" aria-labelledby="saved-regions-h">
        <h2 id="saved-regions-h">Saved regions</h2>
        <QueryView query={regions} what="the saved regions" height={60}>
          {(list) =>
            list.length ? (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Region</th>
                    <th scope="col">Counties</th>
                    <th scope="col">Changed</th>
                    <th scope="col">Actions</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id} data-testid="saved-region">
                      <th scope="row">
                        <Link to={`/?region=${r.code}`}>{r.name}</Link>
                      </th>
                      <td>{r.counties.length}</td>
                      <td>{new Date(r.updatedAt).toLocaleDateString()}</td>
                      <td>
                        <button type="button" onClick={() => startEdit(r)}>
                          Edit
                        </button>{' '}
                        <button type="button" onClick={() => window.confirm(`Delete the region “${r.name}”? Saved views that use it will show the nation.`) && remove.mutate(r.id)}>
                          Delete
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p>No regions yet.</p>
            )
          }
        </QueryView>
      </section>
    </>
  );
}
