import type {
  ProgramDemandResponse,
  ProgramDemandRow,
} from "@credpulse/contracts";
import {
  BarRanking,
  ChartFrame,
  LineTrend,
  suppressedLabel,
  toBarRankingSeries,
  toLineTrendSeries,
} from "@credpulse/web-charts";
import { Figure } from "../../components/Figure";
import { EmptyState, QueryView } from "../../components/QueryState";
import { PeersPanel } from "../peers/PeersPanel";
import { FilterBar } from "../filters/FilterBar";
import { describePlace, describeScope, formatPeriod, toApiParams } from "../filters/filters";
import { useFilters } from "../filters/useFilters";
import { useMetric, useMetricSeries } from "../metrics/metrics.api";
import { useRegionName } from "../taxonomy/taxonomy.api";
import { ProgramSkills } from "./ProgramSkills";
import { LargestGaps, ProgramCard } from "./PublicDemand";

const fmt = (n: number | null | undefined) =>
  n === null || n === undefined
    ? "no data"
    : Math.round(n).toLocaleString("en-US");

export function ProgramDemandView() {
  const [filters, setFilters] = useFilters();
  const regionName = useRegionName(filters.region);
  const scope = describeScope(filters, regionName);
  // Public data is not selected by the period (IPEDS years, OEWS May estimates, projections): its
  // figures say where, and their year is in each label and in the basis notes.
  const place = describePlace(filters, regionName);
  const base = toApiParams(filters, ["region", "from", "to"]);
  const res = useMetric(
    "program-demand",
    { ...base, cip: filters.cip, limit: filters.cip ? 10 : 30 },
  );
  return (
    <section aria-labelledby="programs-h">
      <h1 id="programs-h">Program demand</h1>
      <p className="lede">
        For deans: do the programs {place} produce more or fewer graduates, at
        each award level, than the region's occupations open each year, and
        what do those jobs pay? Completions are the latest IPEDS year loaded;
        openings are BLS projections applied to OEWS employment; postings are
        real-time demand for {formatPeriod(filters.from, filters.to)}.
      </p>
      <FilterBar controls={["region", "period", "cip"]} />
      <PeersPanel view="programs" />
      {filters.cip ? (
        <ProgramCard base={base} cip={filters.cip} scope={place} />
      ) : (
        <LargestGaps base={base} scope={place} onPick={(cip) => setFilters({ cip })} />
      )}
      <h2>Real-time demand: postings and micro-credential awards</h2>
      <QueryView query={res} what="program demand">
        {(data) => {
          const r = data;
          if (!r.rows.length)
            return (
              <EmptyState>
                No program {filters.cip ? `with CIP ${filters.cip} ` : ""}has
                occupations with postings {scope}.
              </EmptyState>
            );
          if (!filters.cip)
            return (
              <ProgramRanking res={r} onPick={(cip) => setFilters({ cip })} />
            );
          const p = r.rows[0];
          return (
            <ProgramDetail
              res={r}
              program={p}
              base={{ ...base, cip: filters.cip }}
              scope={scope}
            />
          );
        }}
      </QueryView>
    </section>
  );
}

function ProgramRanking({
  res,
  onPick,
}: {
  res: ProgramDemandResponse;
  onPick: (cip: string) => void;
}) {
  const s = toBarRankingSeries(res.rows, {
    id: (p) => p.cip,
    label: (p) => programLabel(p.cip, p.title),
    value: (p) => p.openingsPerYear,
    valueLabel: "Openings per year",
    categoryLabel: "Program (CIP)",
    limit: 20,
    extra: [
      {
        key: "completions",
        label: "Completions per year",
        value: (p) => p.completionsPerYear,
      },
      {
        key: "gap",
        label: "Gap per year (openings − completions)",
        value: (p) =>
          p.completionsPerYear.suppressed ? p.completionsPerYear : p.gapPerYear,
      },
    ],
  });
  return (
    <ChartFrame
      title="Programs whose occupations have the most openings"
      description="Pick a program in the filter above, or click a bar, to see its occupations and gap."
      table={s.table}
      k={res.k}
      truncated={s.truncated || res.truncated}
      testId="chart-programs-ranking"
    >
      <BarRanking
        series={s}
        k={res.k}
        label="Bar chart of programs by openings per year in their occupations"
        onSelect={onPick}
      />
    </ChartFrame>
  );
}

function ProgramDetail({
  res,
  program: p,
  base,
  scope,
}: {
  res: ProgramDemandResponse;
  program: ProgramDemandRow;
  base: Record<string, string | undefined>;
  scope: string;
}) {
  const completions = p.completionsPerYear.suppressed
    ? suppressedLabel(res.k)
    : p.completionsPerYear.value === null
      ? `no data (needs ${2}+ years)`
      : fmt(p.completionsPerYear.value);
  const gap = p.completionsPerYear.suppressed
    ? suppressedLabel(res.k)
    : fmt(p.gapPerYear);
  const socs = toBarRankingSeries(p.socs, {
    id: (x) => x.soc,
    label: (x) => programLabel(x.soc, x.title),
    value: (x) => x.openings,
    valueLabel: "Openings (postings)",
    categoryLabel: "Occupation (SOC)",
    extra: [
      {
        key: "allocated",
        label: "Completions allocated (proportional)",
        value: (x) =>
          p.completionsPerYear.suppressed
            ? p.completionsPerYear
            : x.allocatedCompletions,
      },
    ],
  });
  return (
    <>
      <h2 className="program-title" data-testid="program-title">
        {programLabel(p.cip, p.title)}
      </h2>
      <dl className="figures" data-testid="headline-figures">
        <Figure
          label="Openings per year"
          value={fmt(p.openingsPerYear)}
          testId="fig-openings"
        />
        <Figure
          label="Completions per year"
          value={completions}
          testId="fig-completions"
        >
          <span className="muted small">averaged over {p.years} years</span>
        </Figure>
        <Figure
          label="Gap per year (openings − completions)"
          value={gap}
          testId="fig-gap"
        >
          <span className="muted small">
            {(p.gapPerYear ?? 0) > 0
              ? "more openings than completions"
              : (p.gapPerYear ?? 0) < 0
                ? "more completions than openings"
                : ""}
          </span>
        </Figure>
        <Figure
          label="Occupations"
          value={String(p.socs.length)}
          testId="fig-socs"
        />
      </dl>
      <div className="grid-2">
        <ChartFrame
          title="Openings in the program's occupations"
          description={`Postings ${scope} per occupation the program leads to (NCES CIP-SOC crosswalk). Methods: ${res.methods.fullCredit}; ${res.methods.proportional}.`}
          table={socs.table}
          k={res.k}
          testId="chart-program-socs"
        >
          <BarRanking
            series={socs}
            k={res.k}
            label="Bar chart of openings by occupation for the program"
          />
        </ChartFrame>
        <ProgramTrend
          base={base}
          from={res.query.from}
          to={res.query.to}
          k={res.k}
        />
      </div>
      <ProgramSkills base={{ ...base, cip: p.cip }} scope={scope} />
    </>
  );
}

function ProgramTrend({
  base,
  from,
  to,
  k,
}: {
  base: Record<string, string | undefined>;
  from?: string;
  to?: string;
  k: number;
}) {
  // one request: the server answers a row per quarter (openings, and awards protected per quarter)
  const trend = useMetricSeries("program-demand", { ...base, from, to }, "quarter", { enabled: !!from && !!to });
  if (!from || !to) return null;
  return (
    <QueryView query={trend} what="the openings trend">
      {(res) => {
        const s = toLineTrendSeries(res.rows, (x) => x.key, [
          {
            key: "openings",
            label: "Openings (postings)",
            value: (x) => x.openings,
          },
          {
            key: "awards",
            label: "Micro-credential awards in the program",
            value: (x) => x.awards,
            tableOnly: true,
          },
        ], "Quarter", (x) => x);
        return (
          <ChartFrame
            title="Openings per quarter"
            description="Is demand for the program's occupations rising? The table adds micro-credential awards in the program, hidden per quarter below k; completions per year need 2+ years."
            table={s.table}
            k={k}
            testId="chart-program-trend"
          >
            <LineTrend
              series={s}
              k={k}
              label="Line chart of openings per quarter in the program's occupations"
            />
          </ChartFrame>
        );
      }}
    </QueryView>
  );
}

/** "51.3801 Registered Nursing" (titles lose their trailing period; a title equal to its code is not repeated). */
export function programLabel(
  code: string,
  title: string | null | undefined,
): string {
  const t = (title ?? "").replace(/\.$/, "").trim();
  return t && t !== code ? `${code} ${t}` : code;
}
