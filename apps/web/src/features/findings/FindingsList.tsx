import type { Finding, OmittedFinding } from '@credpulse/contracts';
import { findingNumber, findingPeriod, omittedText } from './findings.series';

/** Key findings, numbered: number, headline, the sentence (period and comparison), and where the figure is. */
export function FindingsList({ findings, omitted, testId = 'key-findings' }: { findings: readonly Finding[]; omitted: readonly OmittedFinding[]; testId?: string }) {
  const note = omittedText(omitted);
  return (
    <div className="findings" data-testid={testId}>
      {findings.length ? (
        <ol className="findings-list">
          {findings.map((f, i) => (
            <li key={`${f.rule}-${i}`} data-rule={f.rule}>
              <span className="finding-number">{findingNumber(f)}</span>
              <div>
                <strong>{f.headline}</strong>
                <p>{f.text}</p>
                <p className="muted small">
                  {findingPeriod(f)} · compared with {f.comparison.label} · see {f.section}
                </p>
              </div>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">No key finding can be stated for this region and period.</p>
      )}
      {note ? <p className="muted small">{note}</p> : null}
    </div>
  );
}
