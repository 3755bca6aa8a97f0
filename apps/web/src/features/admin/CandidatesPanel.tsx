import type { CandidateQuery } from '@credpulse/contracts';
import { type FormEvent, useState } from 'react';
import { QueryView } from '../../components/QueryState';
import { SearchPicker } from '../../components/SearchPicker';
import { queryString } from '../../lib/http';
import { searchTaxonomy } from '../taxonomy/taxonomy.api';
import { type CandidateRow, useAddCandidate, useCandidates, useIgnoreCandidate, useMergeCandidate, useReextract, useStartReextract } from './candidates.api';

const TYPES = ['certification', 'certificate', 'license', 'badge', 'apprenticeship', 'micro-credential', 'degree'];
const PATTERN: Record<string, string> = {
  'name-credential': '<name> certification / license',
  'certified-role': 'certified <role>',
  'acronym-certified': '<ACRONYM> certified',
  'registered-role': 'registered / licensed <role>',
};

/** "Credentials employers name that the catalog lacks": review, export, add / merge / ignore. */
export function CandidatesPanel() {
  const [status, setStatus] = useState('open');
  const [minSupport, setMinSupport] = useState(3);
  // the list and its CSV are asked for with the same query
  const query: CandidateQuery = { status, minSupport };
  const list = useCandidates(query);
  const exportHref = `/api/admin/credential-candidates/export${queryString(query)}`;
  return (
    <section aria-labelledby="cand-h" className="panel">
      <h2 id="cand-h">Credentials employers name that the catalog lacks</h2>
      <p className="lede">
        Phrases postings use like credentials ("Tableau certification", "Certified Veterinary Technician") that match nothing in the catalog, with the postings naming them
        (reposts left out). Add one to the catalog, merge it into a credential as another name, or ignore it; stored postings are then extracted again.
      </p>
      <div className="filters-row">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {['open', 'added', 'merged', 'ignored', 'all'].map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Minimum postings{' '}
          <input type="number" min={1} value={minSupport} onChange={(e) => setMinSupport(Math.max(1, Number(e.target.value) || 1))} style={{ width: '5em' }} />
        </label>{' '}
        <a href={exportHref} download>
          Export CSV (by month, state, industry)
        </a>
      </div>
      <ReextractStatus />
      <QueryView query={list} what="credential candidates" height={160}>
        {(rows) =>
          rows.length === 0 ? (
            <p>No {status === 'all' ? '' : status} candidates named by {minSupport} or more postings.</p>
          ) : (
            <table className="data-table">
              <caption className="sr-only">Credential-like phrases postings name that the catalog lacks</caption>
              <thead>
                <tr>
                  <th scope="col">Phrase</th>
                  <th scope="col">Postings</th>
                  <th scope="col">Months</th>
                  <th scope="col">Top states</th>
                  <th scope="col">Top industries (NAICS)</th>
                  <th scope="col">Decision</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <CandidateLine key={c.id} c={c} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
}

function ReextractStatus() {
  const job = useReextract();
  const start = useStartReextract();
  const j = job.data;
  return (
    <p role="status" aria-live="polite">
      Re-extraction:{' '}
      {!j
        ? 'none yet.'
        : j.status === 'running' || j.status === 'queued'
          ? `running, ${j.done.toLocaleString()} of ${j.total.toLocaleString()} postings (${j.total ? Math.floor((100 * j.done) / j.total) : 0}%).`
          : j.status === 'failed'
            ? `failed: ${j.error}`
            : `${j.status}, ${j.done.toLocaleString()} postings, ${j.changed.toLocaleString()} changed${j.current ? '' : ' (the catalog changed since)'}.`}{' '}
      <button type="button" onClick={() => start.mutate(undefined)} disabled={start.isPending || j?.status === 'running'}>
        Re-extract all postings now
      </button>
    </p>
  );
}

function CandidateLine({ c }: { c: CandidateRow }) {
  const [mode, setMode] = useState<'none' | 'add' | 'merge'>('none');
  const add = useAddCandidate();
  const merge = useMergeCandidate();
  const ignore = useIgnoreCandidate();
  const [target, setTarget] = useState<{ id?: string; label?: string }>({});
  const error = (add.error ?? merge.error ?? ignore.error) as Error | null;
  const submitAdd = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    add.mutate({ id: c.id, name: String(fd.get('name')), type: String(fd.get('type')), issuer: String(fd.get('issuer') ?? ''), targetSoc: String(fd.get('soc') ?? '') });
  };
  return (
    <tr>
      <td>
        <strong>{c.name}</strong>
        <br />
        <small>{PATTERN[c.pattern] ?? c.pattern}</small>
        {c.examples.slice(0, 2).map((x, i) => (
          <blockquote key={i} className="snippet">
            {x}
          </blockquote>
        ))}
      </td>
      <td>{c.postings.toLocaleString()}</td>
      <td>
        {c.firstMonth ?? '—'} – {c.lastMonth ?? '—'}
      </td>
      <td>{c.byState.slice(0, 3).map((s) => `${s.state} ${s.postings}`).join(', ') || '—'}</td>
      <td>{c.byIndustry.slice(0, 3).map((s) => `${s.naics} ${s.postings}`).join(', ') || '—'}</td>
      <td>
        {c.status !== 'open' ? (
          <span>
            {c.status}
            {c.credentialName ? ` (${c.credentialName})` : ''}
          </span>
        ) : mode === 'add' ? (
          <form onSubmit={submitAdd} aria-label={`Add "${c.name}" to the catalog`}>
            <label>
              Name <input name="name" defaultValue={c.name} required />
            </label>
            <label>
              Type{' '}
              <select name="type" defaultValue="certification">
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </label>
            <label>
              Issuer <input name="issuer" />
            </label>
            <label>
              Target SOC <input name="soc" placeholder="29-2056, 31-9091" />
            </label>
            <button type="submit" disabled={add.isPending}>
              Add
            </button>{' '}
            <button type="button" onClick={() => setMode('none')}>
              Cancel
            </button>
          </form>
        ) : mode === 'merge' ? (
          <div>
            <SearchPicker
              label="Credential"
              queryKey={`merge-${c.id}`}
              value={target.id}
              valueLabel={target.label}
              search={(q) => searchTaxonomy('credentials', q)}
              onChange={(v) => setTarget({ id: v })}
            />
            <button type="button" disabled={!target.id || merge.isPending} onClick={() => target.id && merge.mutate({ id: c.id, credentialId: Number(target.id) })}>
              Merge as another name
            </button>{' '}
            <button type="button" onClick={() => setMode('none')}>
              Cancel
            </button>
          </div>
        ) : (
          <div>
            <button type="button" onClick={() => setMode('add')}>
              Add…
            </button>{' '}
            <button type="button" onClick={() => setMode('merge')}>
              Merge…
            </button>{' '}
            <button type="button" onClick={() => ignore.mutate(c.id)} disabled={ignore.isPending}>
              Ignore
            </button>
          </div>
        )}
        {error ? <p role="alert">{error.message}</p> : null}
      </td>
    </tr>
  );
}
