import type { SavedView } from '@credpulse/contracts';
import { SAVED_VIEW_QUERY_KEYS } from '@credpulse/contracts';
import { type FormEvent, useId, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession } from '../auth/auth.api';
import { SignInForm } from '../auth/SignInForm';
import { shareUrl, useSaveView } from './saved-views.api';

/** "Save this view": the current path and its filters, with a name and a note; signed-in users only. */
export function SaveViewPanel() {
  const { pathname, search } = useLocation();
  const session = useSession();
  const save = useSaveView();
  const [saved, setSaved] = useState<SavedView | null>(null);
  const ids = { name: useId(), note: useId(), shared: useId(), pinned: useId() };
  const signedIn = session.data && session.data.principal.kind !== 'anonymous';
  // only the dashboard's own parameters are kept
  const params = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const [k, v] of params) if (v && (SAVED_VIEW_QUERY_KEYS as readonly string[]).includes(k) && !kept.has(k)) kept.set(k, v);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    save.mutate(
      { body: { name: String(fd.get('name')), note: String(fd.get('note') ?? '') || null, path: pathname === '/' ? '/' : pathname.replace(/\/$/, ''), query: kept.toString(), shared: fd.get('shared') === 'on', pinned: fd.get('pinned') === 'on' } },
      { onSuccess: (v) => setSaved(v) },
    );
  };
  return (
    <details className="save-view" onToggle={() => setSaved(null)}>
      <summary>Save this view</summary>
      {!signedIn ? (
        <SignInForm needs="viewer" signedInAs={null} />
      ) : (
        <form onSubmit={submit} aria-label="Save this view" className="save-view-form">
          <div className="field">
            <label htmlFor={ids.name}>View name</label>
            <input id={ids.name} name="name" required maxLength={200} />
          </div>
          <div className="field">
            <label htmlFor={ids.note}>Note</label>
            <textarea id={ids.note} name="note" rows={2} maxLength={2000} />
          </div>
          <div className="field inline">
            <input id={ids.shared} name="shared" type="checkbox" defaultChecked />
            <label htmlFor={ids.shared}>Share with signed-in colleagues</label>
          </div>
          <div className="field inline">
            <input id={ids.pinned} name="pinned" type="checkbox" />
            <label htmlFor={ids.pinned}>Pin to the board home page</label>
          </div>
          <button type="submit" className="primary" disabled={save.isPending}>
            Save view
          </button>
          {save.error ? <p role="alert">{save.error.message}</p> : null}
          {saved ? (
            <p role="status" data-testid="view-saved">
              Saved “{saved.name}”. Share link: <code data-testid="share-link">{shareUrl(saved)}</code> · <Link to="/views">All saved views</Link>
            </p>
          ) : null}
        </form>
      )}
    </details>
  );
}
