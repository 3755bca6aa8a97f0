import { INGEST_FORMAT_NAMES, INGEST_PRESETS, type IngestFileSummary, type IngestFormatName, type IngestIssue } from '@credpulse/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ErrorState, QueryView } from '../../components/QueryState';
import { ApiError } from '../../lib/http';
import { useSession } from '../auth/auth.api';
import { SignInForm } from '../auth/SignInForm';
import { FORMAT_HELP, uploadFile, useIngestRuns, useRunRejects } from './upload.api';
import { PublicDataUpload } from './PublicDataUpload';

interface FileState {
  file: File;
  progress: number;
  summary?: IngestFileSummary;
  error?: string;
  issues?: IngestIssue[];
}

export function UploadView() {
  const session = useSession();
  return (
    <section aria-labelledby="upload-h">
      <h1 id="upload-h">Upload data</h1>
      <p className="lede">For administrators: load credentials, awards, outcomes or job postings. Each file loads in one transaction; rejected records are listed with the reason.</p>
      <QueryView query={session} what="your session" height={80}>
        {(s) => (s.principal.role === 'admin' ? (
          <>
            <Uploader />
            <PublicDataUpload />
          </>
        ) : <SignInForm needs="admin" signedInAs={s.principal.kind === 'anonymous' ? null : `${s.principal.name} (${s.principal.role})`} />)}
      </QueryView>
    </section>
  );
}

function Uploader() {
  const qc = useQueryClient();
  const [format, setFormat] = useState<IngestFormatName>('postings-csv');
  // a shipped column mapping for a real export (USAJOBS, NYC Jobs); '' = the file's own headers
  const [preset, setPreset] = useState('');
  const presetId = useId();
  const presets = INGEST_PRESETS.filter((p) => p.format === format);
  const [files, setFiles] = useState<FileState[]>([]);
  const [allOrNothing, setAllOrNothing] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const formatId = useId();
  const fileId = useId();
  const add = (list: FileList | null) => list && setFiles((prev) => [...prev, ...[...list].map((file) => ({ file, progress: 0 }))]);
  const patch = (i: number, p: Partial<FileState>) => setFiles((prev) => prev.map((f, j) => (j === i ? { ...f, ...p } : f)));
  const start = async () => {
    setBusy(true);
    for (let i = 0; i < files.length; i++) {
      if (files[i].summary) continue;
      try {
        const s = await uploadFile(format, files[i].file, { allOrNothing, dryRun, preset: presets.some((p) => p.name === preset) ? preset : undefined }, (p) => patch(i, { progress: p }));
        const fileSummary = s.files[0] ?? { file: files[i].file.name, format, runId: null, status: 'succeeded', accepted: s.accepted, rejected: s.rejected, duplicates: s.duplicates, warnings: s.warnings, errors: s.errors, truncated: false };
        patch(i, { progress: 1, summary: fileSummary, issues: s.errors });
      } catch (e) {
        const issues = e instanceof ApiError ? (e.problem?.errors?.map((x) => ({ file: x.file ?? files[i].file.name, line: x.line, pointer: x.pointer, field: x.field, reason: x.reason })) ?? []) : [];
        patch(i, { error: e instanceof Error ? e.message : String(e), issues });
      }
    }
    setBusy(false);
    void qc.invalidateQueries({ queryKey: ['ingest-runs'] });
    void qc.invalidateQueries({ queryKey: ['metric'] });
    void qc.invalidateQueries({ queryKey: ['health'] });
  };
  return (
    <>
      <div className="filter-bar">
        <div className="field">
          <label htmlFor={formatId}>Format</label>
          <select id={formatId} value={format} onChange={(e) => setFormat(e.target.value as IngestFormatName)}>
            {INGEST_FORMAT_NAMES.map((f) => (
              <option key={f} value={f}>
                {FORMAT_HELP[f].label}
              </option>
            ))}
          </select>
        </div>
        {presets.length > 0 && (
          <div className="field">
            <label htmlFor={presetId}>Columns</label>
            <select id={presetId} value={preset} onChange={(e) => setPreset(e.target.value)}>
              <option value="">As named in the file</option>
              {presets.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label>
            <input type="checkbox" checked={allOrNothing} onChange={(e) => setAllOrNothing(e.target.checked)} /> All or nothing
          </label>
          <label>
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run (check only)
          </label>
        </div>
      </div>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          add(e.dataTransfer.files);
        }}
      >
        <label htmlFor={fileId}>Drop files here or choose them</label>
        <input id={fileId} type="file" multiple accept={FORMAT_HELP[format].accept} onChange={(e) => add(e.target.files)} />
      </div>
      {files.length ? (
        <>
          <ul className="upload-list" aria-label="Files to upload">
            {files.map((f, i) => (
              <li key={`${f.file.name}-${i}`} data-testid="upload-file">
                <strong>{f.file.name}</strong> ({(f.file.size / 1024).toFixed(1)} KB){' '}
                <progress max={1} value={f.progress} aria-label={`Upload progress of ${f.file.name}`} />{' '}
                {f.summary ? (
                  <span data-testid="upload-result">
                    {f.summary.status}: {f.summary.accepted} accepted, {f.summary.rejected} rejected, {f.summary.duplicates} already loaded
                  </span>
                ) : null}
                {f.error ? <span role="alert"> {f.error}</span> : null}
                {f.issues?.length ? <IssueTable issues={f.issues} caption={`Rejected records in ${f.file.name}`} /> : null}
              </li>
            ))}
          </ul>
          <div className="chart-actions">
            <button type="button" className="primary" onClick={() => void start()} disabled={busy || files.every((f) => f.summary)}>
              {busy ? 'Uploading…' : 'Upload'}
            </button>
            <button type="button" onClick={() => setFiles([])} disabled={busy}>
              Clear
            </button>
          </div>
        </>
      ) : null}
      <RecentRuns />
    </>
  );
}

export function IssueTable({ issues, caption }: { issues: IngestIssue[]; caption: string }) {
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Line / pointer</th>
            <th scope="col">Field</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((x, i) => (
            <tr key={i}>
              <td>{x.file}</td>
              <td>{x.line ?? x.pointer ?? ''}</td>
              <td>{x.field}</td>
              <td>{x.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecentRuns() {
  const runs = useIngestRuns(true);
  const [open, setOpen] = useState<number | null>(null);
  const rejects = useRunRejects(open);
  return (
    <div className="chart">
      <h2>Recent loads</h2>
      <QueryView query={runs} what="recent loads" height={80}>
        {(list) =>
          list.length === 0 ? (
            <p className="muted">Nothing has been uploaded yet.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">File</th>
                    <th scope="col">Format</th>
                    <th scope="col">Status</th>
                    <th scope="col">Accepted</th>
                    <th scope="col">Rejected</th>
                    <th scope="col">Duplicates</th>
                    <th scope="col">Finished</th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((r) => (
                    <tr key={r.id}>
                      <td>{r.fileName}</td>
                      <td>{r.format}</td>
                      <td>{r.status}</td>
                      <td className="num">{r.accepted}</td>
                      <td className="num">
                        {r.rejected > 0 ? (
                          <button type="button" className="link-button small" onClick={() => setOpen(open === r.id ? null : r.id)} aria-expanded={open === r.id}>
                            {r.rejected} (show)
                          </button>
                        ) : (
                          0
                        )}
                      </td>
                      <td className="num">{r.duplicates}</td>
                      <td>{r.finishedAt ? new Date(r.finishedAt).toLocaleString('en-US') : 'running'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      {open !== null ? (
        rejects.error ? (
          <ErrorState error={rejects.error} retry={() => void rejects.refetch()} what="the rejected records" />
        ) : rejects.data ? (
          <IssueTable issues={rejects.data} caption={`Rejected records of load ${open}`} />
        ) : null
      ) : null}
    </div>
  );
}
