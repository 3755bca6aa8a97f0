import { PUBLIC_DATASETS, type IngestIssue, type PublicDataLoadResult, type PublicDataset, type PublicDataVintage } from '@credpulse/contracts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { QueryView } from '../../components/QueryState';
import { ApiError, getJson, queryString, upload } from '../../lib/http';
import { IssueTable } from './UploadView';

const DATASET_HELP: Record<PublicDataset, string> = {
  'ipeds-institutions': 'IPEDS institutions (HD file, e.g. hd2023.csv): load first',
  'ipeds-completions': 'IPEDS completions (C_A file, e.g. c2023_a.csv)',
  oews: 'BLS OEWS employment and wages (national, state or MSA; CSV or xlsx)',
  projections: 'BLS Employment Projections occupation table (national, or a state table)',
};

/** Public data for program demand: one file at a time, one vintage per file. */
export function PublicDataUpload() {
  const qc = useQueryClient();
  const [dataset, setDataset] = useState<PublicDataset>('ipeds-institutions');
  const [file, setFile] = useState<File | null>(null);
  const [year, setYear] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ summary?: PublicDataLoadResult; error?: string; issues?: IngestIssue[] } | null>(null);
  const ids = { dataset: useId(), file: useId(), year: useId() };
  const loaded = useQuery({ queryKey: ['public-data'], queryFn: () => getJson<PublicDataVintage[]>('/api/public-data') });
  const start = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    try {
      const qs = queryString({ filename: file.name, year: year || undefined });
      const summary = await upload<PublicDataLoadResult>(`/api/public-data/${dataset}${qs}`, file, file.type || 'application/octet-stream', () => undefined);
      setResult({ summary, issues: summary.errors });
    } catch (e) {
      const issues = e instanceof ApiError ? (e.problem?.errors?.map((x) => ({ file: x.file ?? file.name, line: x.line, field: x.field, reason: x.reason })) ?? []) : [];
      setResult({ error: e instanceof Error ? e.message : String(e), issues });
    }
    setBusy(false);
    void qc.invalidateQueries({ queryKey: ['public-data'] });
    void qc.invalidateQueries({ queryKey: ['metric'] });
  };
  return (
    <section aria-labelledby="public-data-h" data-testid="public-data-upload">
      <h2 id="public-data-h">Public data for program demand</h2>
      <p className="muted">IPEDS, OEWS and BLS projections. Each file replaces its vintage in one transaction; other vintages stay.</p>
      <div className="form-row">
        <label htmlFor={ids.dataset}>Dataset</label>
        <select id={ids.dataset} value={dataset} onChange={(e) => setDataset(e.target.value as PublicDataset)}>
          {PUBLIC_DATASETS.map((d) => (
            <option key={d} value={d}>
              {DATASET_HELP[d]}
            </option>
          ))}
        </select>
        <label htmlFor={ids.year}>Year (when the file name does not say it)</label>
        <input id={ids.year} inputMode="numeric" pattern="\d{4}" value={year} onChange={(e) => setYear(e.target.value)} size={6} />
        <label htmlFor={ids.file}>File</label>
        <input id={ids.file} type="file" accept=".csv,.xlsx" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <button type="button" className="primary" onClick={() => void start()} disabled={busy || !file}>
          {busy ? 'Loading…' : 'Load'}
        </button>
      </div>
      {result?.summary ? (
        <p data-testid="public-data-result">
          {result.summary.file}: {result.summary.status}, vintage {result.summary.vintage}, {result.summary.loaded.toLocaleString('en-US')} rows loaded, {result.summary.rejected} rejected, {result.summary.skipped} totals skipped
          {result.summary.replaced ? ` (replaced ${result.summary.replaced.toLocaleString('en-US')})` : ''}
        </p>
      ) : null}
      {result?.error ? <p role="alert">{result.error}</p> : null}
      {result?.issues?.length ? <IssueTable issues={result.issues} caption="Rejected rows" /> : null}
      <QueryView query={loaded} what="the loaded public data" height={60}>
        {(rows) => (
          <div className="table-wrap" tabIndex={0} role="region" aria-label="Loaded public data">
            <table className="data-table">
              <caption>Loaded public data</caption>
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col">Vintage</th>
                  <th scope="col">Rows</th>
                  <th scope="col">Loaded at</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={`${r.dataset}-${r.vintage}`}>
                    <td>{r.dataset}</td>
                    <td>{r.vintage}</td>
                    <td>{r.rows.toLocaleString('en-US')}</td>
                    <td>{new Date(r.loadedAt).toLocaleString()}</td>
                    <td>{r.source}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
    </section>
  );
}
