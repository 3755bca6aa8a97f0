import type { SavedView } from '@credpulse/contracts';
import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { QueryView } from '../../components/QueryState';
import { ApiError } from '../../lib/http';
import { useSession } from '../auth/auth.api';
import { SignInForm } from '../auth/SignInForm';
import { asInput, shareUrl, useDeleteView, useSavedView, useSavedViews, useSaveView } from './saved-views.api';

function SignedIn({ children }: { children: () => React.ReactNode }) {
  const session = useSession();
  return (
    <QueryView query={session} what="your session" height={80}>
      {(s) => (s.principal.kind === 'anonymous' ? <SignInForm needs="viewer" signedInAs={null} /> : <>{children()}</>)}
    </QueryView>
  );
}

/** Every view saved by the reader or shared with them: open, copy the link, pin, delete. */
export function SavedViewsView() {
  return (
    <section aria-labelledby="views-h">
      <h1 id="views-h">Saved views</h1>
      <p className="lede">Dashboard views saved with their filters. Shared views open for every signed-in colleague by their link; pinned ones make the <Link to="/board">board home page</Link>.</p>
      <SignedIn>{() => <ViewList />}</SignedIn>
    </section>
  );
}

function ViewList() {
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  return (
    <QueryView query={views} what="the saved views" height={80}>
      {(list) =>
        list.length ? (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">View</th>
                <th scope="col">Note</th>
                <th scope="col">Saved by</th>
                <th scope="col">Share link</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.id} data-testid="saved-view">
                  <th scope="row">
                    <Link to={v.url}>{v.name}</Link>
                    {v.pinned ? ' (pinned)' : ''}
                    {v.shared ? '' : ' (private)'}
                  </th>
                  <td>{v.note ?? ''}</td>
                  <td>{v.mine ? 'you' : v.owner}</td>
                  <td>
                    <code>{shareUrl(v)}</code>
                  </td>
                  <td>
                    {v.mine ? (
                      <>
                        <button type="button" disabled={!v.shared} onClick={() => save.mutate({ id: v.id, body: asInput(v, { pinned: !v.pinned }) })}>
                          {v.pinned ? 'Unpin' : 'Pin to board'}
                        </button>{' '}
                        <button type="button" onClick={() => window.confirm(`Delete the saved view “${v.name}”?`) && remove.mutate(v.id)}>
                          Delete
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No saved views yet: use “Save this view” on any view.</p>
        )
      }
    </QueryView>
  );
}

/** /views/:id, the share link: opens the saved view's URL for a signed-in colleague. */
export function OpenSavedView() {
  const { id } = useParams();
  return (
    <section aria-labelledby="open-view-h">
      <h1 id="open-view-h">Saved view</h1>
      <SignedIn>{() => <Opener id={id} />}</SignedIn>
    </section>
  );
}

function Opener({ id }: { id: string | undefined }) {
  const view = useSavedView(id);
  const navigate = useNavigate();
  useEffect(() => {
    if (view.data) navigate(view.data.url, { replace: true, state: { savedView: view.data.name } });
  }, [view.data, navigate]);
  if (view.error) return <p role="alert">{view.error instanceof ApiError && view.error.status === 404 ? 'This saved view does not exist or is not shared with you.' : view.error.message}</p>;
  return <p aria-busy="true">Opening the saved view…</p>;
}

/** The board home page: views pinned by the board's members. */
export function BoardView() {
  return (
    <section aria-labelledby="board-h">
      <h1 id="board-h">Board home</h1>
      <p className="lede">Views pinned for the board. Pin a view from <Link to="/views">Saved views</Link> or when you save it.</p>
      <SignedIn>{() => <Pinned />}</SignedIn>
    </section>
  );
}

function Pinned() {
  const views = useSavedViews(true);
  return (
    <QueryView query={views} what="the pinned views" height={80}>
      {(list: SavedView[]) =>
        list.length ? (
          <ul className="board-cards">
            {list.map((v) => (
              <li key={v.id} className="panel" data-testid="pinned-view">
                <h2>
                  <Link to={v.url}>{v.name}</Link>
                </h2>
                {v.note ? <p>{v.note}</p> : null}
                <p className="chart-desc">
                  Saved by {v.mine ? 'you' : v.owner} on {new Date(v.updatedAt).toLocaleDateString()}
                </p>
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing pinned yet.</p>
        )
      }
    </QueryView>
  );
}
