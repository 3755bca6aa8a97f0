import type { ProgramDemandAwardLevelResponse, ProgramDemandResponse } from "@credpulse/contracts";
import { BarRanking, ChartFrame, toBarRankingSeries } from "@credpulse/web-charts";
import { Figure } from "../../components/Figure";
import { EmptyState, QueryView } from "../../components/QueryState";
import { useMetric } from "../metrics/metrics.api";
import { completionsByYearTable, countText, gapLabelText } from "./public-demand.series";

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined ? "n/a" : Math.round(n).toLocaleString("en-US");
const label = (code: string, title: string) => `${code} ${title.replace(/\.$/, "")}`;

/** Where the figures come from: vintages, the OEWS area or how it was scaled (always shown). */
function Basis({ notes }: { notes: string[] }) {
  return (
    <ul className="muted small" data-testid="public-data-basis">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

/** "Programs with the largest gaps in my region": public-data openings minus IPEDS completions. */
export function LargestGaps({
  base,
  scope,
  onPick,
}: {
  base: Record<string, string | undefined>;
  scope: string;
  onPick: (cip: string) => void;
}) {
  const res = useMetric<"program-demand", ProgramDemandResponse>("program-demand", { ...base, rank: "gap", limit: 20 });
  return (
    <QueryView query={res} what="programs with the largest gaps">
      {(data) => {
        const r = data;
        // Programs with neither openings nor completions here (openings all shared out to others) say nothing.
        const rows = r.rows.filter((x) => x.public && x.public.gap !== null && ((x.public.openings ?? 0) > 0 || (x.public.completions.value ?? 0) > 0));
        if (!r.basis || rows.length === 0)
          return (
            <EmptyState>
              No public data (IPEDS completions, OEWS, projections) gives gaps {scope}. An admin loads it
              with <code>credpulse public-data load</code> or the Upload page.
            </EmptyState>
          );
        const s = toBarRankingSeries(rows, {
          id: (p) => p.cip,
          label: (p) => label(p.cip, p.title),
          value: (p) => p.public!.gap,
          valueLabel: "Gap (openings − completions a year)",
          categoryLabel: "Program (CIP)",
          extra: [
            { key: "openings", label: "Openings a year (projected)", value: (p) => p.public!.openings },
            { key: "completions", label: "Completions (IPEDS)", value: (p) => p.public!.completions },
            { key: "wage", label: "Median wage (OEWS)", value: (p) => p.public!.medianWage },
            { key: "postings", label: "Postings", value: (p) => p.postings },
            { key: "label", label: "Label", value: (p) => gapLabelText(p.public!.gapLabel) },
          ],
        });
        return (
          <ChartFrame
            title="Programs with the largest gaps"
            description={`Annual openings in each program's occupations ${scope} (shared among programs by their completions) minus the program's IPEDS completions. Click a bar for the program card.`}
            table={s.table}
            k={r.k}
            truncated={s.truncated || r.truncated}
            testId="chart-largest-gaps"
          >
            <BarRanking series={s} k={r.k} label="Bar chart of programs by openings minus completions" onSelect={onPick} />
            <Basis notes={r.basis.notes} />
          </ChartFrame>
        );
      }}
    </QueryView>
  );
}

/** The program card: completions by award level and year, openings, postings, wages, gap label, occupations, neighbours, micro-credentials. */
export function ProgramCard({ base, cip, scope }: { base: Record<string, string | undefined>; cip: string; scope: string }) {
  const res = useMetric<"program-demand", ProgramDemandAwardLevelResponse>("program-demand", { ...base, cip, groupBy: "award-level" });
  return (
    <QueryView query={res} what="the program card">
      {(data) => {
        const r = data;
        if (r.rows.length === 0)
          return (
            <EmptyState>
              No IPEDS completions or projected openings for CIP {cip} {scope}. {r.basis.notes.join(" ")}
            </EmptyState>
          );
        const levels = toBarRankingSeries(r.rows, {
          id: (x) => String(x.awardLevel),
          label: (x) => x.label,
          value: (x) => x.completions,
          valueLabel: `Completions ${r.basis.completionsYears.at(-1) ?? ""}`,
          categoryLabel: "Award level",
          extra: [
            { key: "openings", label: "Openings a year (projected)", value: (x) => x.openings },
            { key: "gap", label: "Gap (openings − completions)", value: (x) => (x.completions.suppressed ? x.completions : x.gap) },
            { key: "label", label: "Label", value: (x) => gapLabelText(x.gapLabel) },
            { key: "postings", label: "Postings (tier's occupations)", value: (x) => x.postings },
            { key: "wage", label: "Median wage (OEWS)", value: (x) => x.medianWage },
          ],
        });
        const p = r.program;
        return (
          <section aria-labelledby="program-card-h" data-testid="program-card">
            <h2 id="program-card-h">Program card: supply and demand by award level</h2>
            <dl className="figures" data-testid="program-card-figures">
              <Figure label={`Completions ${r.basis.completionsYears.at(-1) ?? ""}`} value={fmt(r.totals.completions)} testId="fig-ipeds-completions" />
              <Figure label="Openings a year (projected)" value={fmt(r.totals.openings)} testId="fig-public-openings" />
              <Figure label="Postings" value={fmt(r.totals.postings)} testId="fig-public-postings" />
            </dl>
            <div className="grid-2">
              <ChartFrame
                title="Completions and openings by award level"
                description={`IPEDS completions (first majors) at institutions ${scope} against annual openings in the occupations of each level's tier. Methods: ${r.methods.proportional}; ${r.methods.fullCredit}.`}
                table={levels.table}
                k={r.k}
                testId="chart-award-levels"
              >
                <BarRanking series={levels} k={r.k} label="Bar chart of completions by award level" />
              </ChartFrame>
              <ChartFrame
                title="Completions by award level and year"
                description="IPEDS years (July to June); earlier loaded years show the trend."
                table={completionsByYearTable(r.rows, r.basis.completionsYears)}
                k={r.k}
                testId="table-completions-trend"
              >
                <table className="data-table">
                  <caption className="visually-hidden">Completions by award level and year</caption>
                  <thead>
                    <tr>
                      <th scope="col">Award level</th>
                      {r.basis.completionsYears.map((y) => (
                        <th scope="col" key={y}>{y}</th>
                      ))}
                      <th scope="col">Label</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.rows.map((x) => (
                      <tr key={x.awardLevel}>
                        <th scope="row">{x.label}</th>
                        {r.basis.completionsYears.map((y) => (
                          <td key={y}>{countText(x.completionsTrend.find((t) => t.year === y), r.k)}</td>
                        ))}
                        <td data-testid={`gap-label-${x.awardLevel}`}>{gapLabelText(x.gapLabel)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ChartFrame>
            </div>
            {p ? <ProgramDetails program={p} k={r.k} scope={scope} /> : null}
            <Basis notes={r.basis.notes} />
          </section>
        );
      }}
    </QueryView>
  );
}

function ProgramDetails({ program: p, k, scope }: { program: NonNullable<ProgramDemandAwardLevelResponse["program"]>; k: number; scope: string }) {
  const occ = toBarRankingSeries(p.occupations, {
    id: (o) => o.soc,
    label: (o) => label(o.soc, o.title),
    value: (o) => o.openings,
    valueLabel: "Openings a year (all programs)",
    categoryLabel: "Occupation (SOC)",
    limit: 15,
    extra: [
      { key: "tier", label: "Award tier", value: (o) => `${o.tier} (${o.tierSource === "projections" ? "BLS entry education" : "O*NET job zone"})` },
      { key: "employment", label: "Employment (OEWS)", value: (o) => o.employment },
      { key: "wage", label: "Median wage", value: (o) => o.medianWage },
      { key: "postings", label: "Postings", value: (o) => o.postings },
    ],
  });
  const inst = toBarRankingSeries(p.institutions, {
    id: (i) => String(i.unitid),
    label: (i) => i.name,
    value: (i) => i.completions,
    valueLabel: "Completions",
    categoryLabel: "Institution",
    extra: [{ key: "levels", label: "By award level", value: (i) => i.byAwardLevel.map((l) => `${l.label}: ${countText(l.completions, k)}`).join("; ") }],
  });
  const creds = toBarRankingSeries(p.credentials, {
    id: (c) => String(c.id),
    label: (c) => c.name,
    value: (c) => c.postingMentions,
    valueLabel: "Postings naming it",
    categoryLabel: "Micro-credential",
    extra: [{ key: "awards", label: "Awards", value: (c) => c.awards }],
  });
  return (
    <div className="grid-2">
      <ChartFrame title="Occupations behind the program" description={`Where the program leads (NCES CIP-SOC crosswalk), with annual openings ${scope}, OEWS employment and wages.`} table={occ.table} k={k} truncated={occ.truncated} testId="chart-program-occupations">
        <BarRanking series={occ} k={k} label="Bar chart of the program's occupations by openings" />
      </ChartFrame>
      <ChartFrame title="Neighbouring institutions, same CIP" description={`Completions of CIP ${p.cip} at institutions ${scope}, latest IPEDS year (largest 25).`} table={inst.table} k={k} testId="chart-neighbour-institutions">
        {p.institutions.length ? <BarRanking series={inst} k={k} label="Bar chart of institutions by completions" /> : <p className="muted">No institution reports this program here.</p>}
      </ChartFrame>
      <ChartFrame title="Micro-credentials in the same occupations" description="Credentials that target the program's occupations: postings naming them and their awards, beside the program's completions." table={creds.table} k={k} testId="chart-aligned-credentials">
        {p.credentials.length ? <BarRanking series={creds} k={k} label="Bar chart of aligned micro-credentials by postings naming them" /> : <p className="muted">No catalogued micro-credential targets these occupations.</p>}
      </ChartFrame>
    </div>
  );
}
