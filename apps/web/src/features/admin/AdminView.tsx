import { ROLES, type ApiKeyCreated, type Role } from '@credpulse/contracts';
import { type FormEvent, useId, useState } from 'react';
import { DataTable } from '../../components/DataTable';
import { QueryView } from '../../components/QueryState';
import { useSession } from '../auth/auth.api';
import { SignInForm } from '../auth/SignInForm';
import { CandidatesPanel } from './CandidatesPanel';
import { SchedulesPanel } from '../schedules/SchedulesPanel';
import { useApiKeys, useAudit, useCreateKey, useCreateUser, useRevokeKey, useUpdateUser, useUsers } from './admin.api';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function AdminView() {
  const session = useSession();
  return (
    <section aria-labelledby="admin-h">
      <h1 id="admin-h">Administration</h1>
      <p className="lede">Users and their roles, API keys for scripts, and the audit log of record-level exports and admin changes.</p>
      <QueryView query={session} what="your session" height={80}>
        {(s) =>
          s.principal.role === 'admin' ? (
            <>
              <UsersPanel selfId={s.principal.kind === 'user' ? s.principal.id : null} />
              <KeysPanel />
              <CandidatesPanel />
              <SchedulesPanel />
              <AuditPanel />
            </>
          ) : (
            <SignInForm needs="admin" signedInAs={s.principal.kind === 'anonymous' ? null : `${s.principal.name} (${s.principal.role})`} />
          )
        }
      </QueryView>
    </section>
  );
}

function RoleSelect({ id, value, onChange, name }: { id: string; value?: Role; onChange?: (r: Role) => void; name?: string }) {
  return (
    <select id={id} name={name} value={value} defaultValue={value === undefined ? 'viewer' : undefined} onChange={onChange ? (e) => onChange(e.target.value as Role) : undefined}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function UsersPanel({ selfId }: { selfId: number | null }) {
  const users = useUsers();
  const create = useCreateUser();
  const update = useUpdateUser();
  const ids = { email: useId(), password: useId(), role: useId() };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const form = e.currentTarget;
    create.mutate({ email: String(fd.get('email')), password: String(fd.get('password')), role: fd.get('role') as Role }, { onSuccess: () => form.reset() });
  };
  return (
    <section aria-labelledby="users-h" className="panel">
      <h2 id="users-h">Users</h2>
      <QueryView query={users} what="users" height={120}>
        {(list) => (
          <DataTable
            caption="Users and roles"
            rows={list}
            rowKey={(u) => u.id}
            columns={[
              { header: 'E-mail', cell: (u) => u.email },
              {
                header: 'Role',
                cell: (u) => (
                  <>
                    <label className="sr-only" htmlFor={`role-${u.id}`}>
                      Role of {u.email}
                    </label>
                    <RoleSelect id={`role-${u.id}`} value={u.role} onChange={(role) => update.mutate({ id: u.id, role })} />
                  </>
                ),
              },
              {
                header: 'Status',
                cell: (u) => (
                  <button type="button" disabled={u.id === selfId} onClick={() => update.mutate({ id: u.id, disabled: !u.disabled })}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                ),
              },
              { header: 'Last sign-in', cell: (u) => when(u.lastLoginAt) },
            ]}
          />
        )}
      </QueryView>
      <form onSubmit={submit} className="inline-form" aria-label="Add a user">
        <div className="field">
          <label htmlFor={ids.email}>E-mail</label>
          <input id={ids.email} name="email" type="email" required />
        </div>
        <div className="field">
          <label htmlFor={ids.password}>Password (12+ characters)</label>
          <input id={ids.password} name="password" type="password" minLength={12} autoComplete="new-password" required />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <RoleSelect id={ids.role} name="role" />
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add user
        </button>
      </form>
      {create.error || update.error ? <p role="alert">{String((create.error ?? update.error)?.message)}</p> : null}
    </section>
  );
}

function KeysPanel() {
  const keys = useApiKeys();
  const create = useCreateKey();
  const revoke = useRevokeKey();
  const [shown, setShown] = useState<ApiKeyCreated | null>(null);
  const ids = { name: useId(), role: useId() };
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    const form = e.currentTarget;
    create.mutate({ name: String(fd.get('name')), role: fd.get('role') as Role }, { onSuccess: (k) => (setShown(k), form.reset()) });
  };
  return (
    <section aria-labelledby="keys-h" className="panel">
      <h2 id="keys-h">API keys</h2>
      {shown ? (
        <div className="state" role="status">
          <p>
            Key <strong>{shown.name}</strong> ({shown.role}). Copy it now: it is shown only once.
          </p>
          <code className="secret">{shown.key}</code>
          <button type="button" onClick={() => setShown(null)}>
            Done
          </button>
        </div>
      ) : null}
      <QueryView query={keys} what="API keys" height={120}>
        {(list) => (
          <DataTable
            caption="API keys"
            rows={list}
            rowKey={(k) => k.id}
            columns={[
              { header: 'Name', cell: (k) => k.name },
              { header: 'Prefix', cell: (k) => <code>{k.prefix}</code> },
              { header: 'Role', cell: (k) => k.role },
              { header: 'Last used', cell: (k) => when(k.lastUsedAt) },
              {
                header: 'Status',
                cell: (k) =>
                  k.revokedAt ? (
                    `revoked ${when(k.revokedAt)}`
                  ) : (
                    <button type="button" onClick={() => revoke.mutate(k.id)}>
                      Revoke
                    </button>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      <form onSubmit={submit} className="inline-form" aria-label="Create an API key">
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} name="name" required maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <RoleSelect id={ids.role} name="role" />
        </div>
        <button type="submit" className="primary" disabled={create.isPending}>
          Create key
        </button>
      </form>
      {create.error || revoke.error ? <p role="alert">{String((create.error ?? revoke.error)?.message)}</p> : null}
    </section>
  );
}

function AuditPanel() {
  const audit = useAudit();
  return (
    <section aria-labelledby="audit-h" className="panel">
      <h2 id="audit-h">Audit log</h2>
      <QueryView query={audit} what="the audit log" height={120}>
        {(list) => (
          <DataTable
            caption="Latest 100 audited actions"
            rows={list}
            rowKey={(a) => a.id}
            columns={[
              { header: 'When', cell: (a) => when(a.at) },
              { header: 'Who', cell: (a) => `${a.actor} (${a.role})` },
              { header: 'Action', cell: (a) => a.action },
              { header: 'Dataset', cell: (a) => a.dataset ?? '—' },
              { header: 'Rows', cell: (a) => a.rows?.toLocaleString() ?? '—' },
              { header: 'Detail', cell: (a) => a.detail ?? (Object.keys(a.filters).length ? JSON.stringify(a.filters) : '—') },
            ]}
          />
        )}
      </QueryView>
    </section>
  );
}
