import { type FormEvent, useId, useState } from 'react';
import type { Role } from '@credpulse/contracts';
import { useSignIn } from './auth.api';

/** E-mail and password sign-in; `needs` says which role the page needs, to explain a refusal. */
export function SignInForm({ needs, signedInAs }: { needs: Role; signedInAs: string | null }) {
  const signIn = useSignIn();
  const [error, setError] = useState<string | null>(null);
  const emailId = useId();
  const pwId = useId();
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const fd = new FormData(e.currentTarget);
    setError(null);
    try {
      const s = await signIn(String(fd.get('email')), String(fd.get('password')));
      if (s.principal.role !== needs && s.principal.role !== 'admin') setError(`Signed in as ${s.principal.name}, but this page needs the ${needs} role (you have ${s.principal.role}).`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form className="signin" onSubmit={submit} aria-label="Sign in">
      <p>{signedInAs ? `You are signed in as ${signedInAs}; this page needs the ${needs} role.` : `Sign in with a ${needs} account.`}</p>
      <div className="field">
        <label htmlFor={emailId}>Email</label>
        <input id={emailId} name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor={pwId}>Password</label>
        <input id={pwId} name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="primary">
        Sign in
      </button>
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
