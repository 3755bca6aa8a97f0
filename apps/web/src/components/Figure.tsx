import type { ReactNode } from 'react';

export function Figure({ label, value, testId, children }: { label: string; value: string; testId?: string; children?: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>
        <span className={value.length > 14 ? 'figure-value long' : 'figure-value'} data-testid={testId}>
          {value}
        </span>
        {children ? <span className="figure-extra">{children}</span> : null}
      </dd>
    </div>
  );
}

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? 'no data' : `${(v * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}
