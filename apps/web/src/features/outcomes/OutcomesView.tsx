import { OUTCOMES_GROUP_BY } from "@credpulse/contracts";
import {
  BarRanking,
  ChartFrame,
  formatDollars,
  formatPercent,
  PercentileBars,
  suppressedLabel,
  toBarRankingSeries,
  toPercentileSeries,
} from "@credpulse/web-charts";
import { useId } from "react";
import { Figure, pct } from "../../components/Figure";
import { EmptyState, QueryView } from "../../components/QueryState";
import { PeersPanel } from "../peers/PeersPanel";
import { FilterBar } from "../filters/FilterBar";
import { describeScope, toApiParams } from "../filters/filters";
import { useFilters } from "../filters/useFilters";
import { useMetric } from "../metrics/metrics.api";
import { useRegionName } from "../taxonomy/taxonomy.api";
import {
  parseQuarter,
  QUARTER_LABEL,
  QUARTERS,
  quarterOf,
  wageCell,
} from "./outcomes.series";

const GROUP_LABEL = {
  credential: "Credential",
  provider: "Provider",
  industry: "Industry (NAICS sector)",
} as const;

export function OutcomesView() {
  const [filters, setFilters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const q = parseQuarter(filters.quarter);
  const groupBy = (OUTCOMES_GROUP_BY as readonly string[]).includes(
    filters.groupBy ?? "",
  )
    ? (filters.groupBy as keyof typeof GROUP_LABEL)
    : "credential";
  const res = useMetric("outcomes", {
    ...toApiParams(filters, ["region", "from", "to", "credential", "cip"]),
    groupBy,
    limit: 200,
  });
  const qId = useId();
  const gId = useId();
  return (
    <section aria-labelledby="outcomes-h">
      <h1 id="outcomes-h">Outcomes</h1>
      <p className="lede">
        Employment and quarterly wages of people who earned a credential {scope}
        , {QUARTER_LABEL[q]} the award.
      </p>
      <FilterBar controls={["region", "period", "credential"]}>
        <div className="field">
          <label htmlFor={qId}>Time after the award</label>
          <select
            id={qId}
            value={q}
            onChange={(e) =>
              setFilters({
                quarter: e.target.value === "4" ? undefined : e.target.value,
              })
            }
          >
            {QUARTERS.map((x) => (
              <option key={x} value={x}>
                {QUARTER_LABEL[x]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={gId}>Compare by</label>
          <select
            id={gId}
            value={groupBy}
            onChange={(e) =>
              setFilters({
                groupBy:
                  e.target.value === "credential" ? undefined : e.target.value,
              })
            }
          >
            {OUTCOMES_GROUP_BY.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABEL[g].toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </FilterBar>
      <PeersPanel view="outcomes" />
      <QueryView query={res} what="outcomes">
        {(data) => {
          const r = data;
          const total = r.totals.quarters.find((x) => x.quarter === q);
          if (
            !r.rows.length ||
            ((r.totals.earners.value ?? 0) === 0 &&
              !r.totals.earners.suppressed)
          )
            return (
              <EmptyState>
                No awards {scope}, so no outcomes to show.
              </EmptyState>
            );
          const label = GROUP_LABEL[groupBy];
          // Groups whose figures are all withheld are counted, not drawn as rows of empty bars.
          const withWages = r.rows.filter(
            (x) => quarterOf(x, q)?.wageMedian != null,
          );
          const withRate = r.rows.filter(
            (x) => quarterOf(x, q)?.employmentRate != null,
          );
          const hiddenNote = (n: number) =>
            n > 0
              ? ` ${n} more ${n === 1 ? "group is" : "groups are"} ${suppressedLabel(r.k)} and not listed.`
              : "";
          const wages = toPercentileSeries(withWages, {
            id: (x) => x.key,
            label: (x) => x.label,
            p25: (x) => wageCell(x, q, "wageP25"),
            median: (x) => wageCell(x, q, "wageMedian"),
            p75: (x) => wageCell(x, q, "wageP75"),
            categoryLabel: label,
            valueLabel: "Quarterly wage",
            limit: 20,
            extra: [
              { key: "earners", label: "Earners", value: (x) => x.earners },
              {
                key: "withData",
                label: "With wage records",
                value: (x) => quarterOf(x, q)?.withData ?? null,
              },
              {
                key: "change",
                label: "Median change vs 2 quarters before",
                value: (x) => wageCell(x, q, "medianWageChange"),
              },
            ],
          });
          const employment = toBarRankingSeries(withRate, {
            id: (x) => x.key,
            label: (x) => x.label,
            value: (x) => wageCell(x, q, "employmentRate"),
            valueLabel: "Employment rate",
            categoryLabel: label,
            limit: 20,
            extra: [
              {
                key: "employed",
                label: "Employed",
                value: (x) => quarterOf(x, q)?.employed ?? null,
              },
              {
                key: "withData",
                label: "With wage records",
                value: (x) => quarterOf(x, q)?.withData ?? null,
              },
            ],
          });
          const money = (v: number | null | undefined) =>
            v === null || v === undefined
              ? suppressedOrNone(total?.withData.suppressed, r.k)
              : formatDollars(v);
          return (
            <>
              <dl className="figures" data-testid="headline-figures">
                <Figure
                  label="Earners"
                  value={
                    r.totals.earners.suppressed
                      ? suppressedLabel(r.k)
                      : (r.totals.earners.value ?? 0).toLocaleString("en-US")
                  }
                  testId="fig-earners"
                />
                <Figure
                  label={`Employed ${QUARTER_LABEL[q]}`}
                  value={pct(total?.employmentRate)}
                  testId="fig-employment"
                />
                <Figure
                  label={`Median quarterly wage ${QUARTER_LABEL[q]}`}
                  value={money(total?.wageMedian)}
                  testId="fig-median-wage"
                >
                  <span className="muted small">
                    25th {money(total?.wageP25)} · 75th {money(total?.wageP75)}
                  </span>
                </Figure>
                <Figure
                  label="Median change vs before the award"
                  value={money(total?.medianWageChange)}
                  testId="fig-wage-change"
                />
              </dl>
              <div className="grid-2">
                {withWages.length ? (
                  <ChartFrame
                    title={`Quarterly wages ${QUARTER_LABEL[q]} the award, by ${label.toLowerCase()}`}
                    description={`Bars run from the 25th percentile to the 75th; the colour change is the median. Nominal dollars.${hiddenNote(r.rows.length - withWages.length)}`}
                    table={wages.table}
                    k={r.k}
                    truncated={r.truncated || withWages.length > 20}
                    format={formatDollars}
                    testId="chart-outcomes-wages"
                  >
                    <PercentileBars
                      series={wages}
                      k={r.k}
                      format={formatDollars}
                      label={`Floating bars of wage percentiles by ${label.toLowerCase()}`}
                    />
                  </ChartFrame>
                ) : (
                  <EmptyState>
                    Every {label.toLowerCase()}'s wages {QUARTER_LABEL[q]} the
                    award are {suppressedLabel(r.k)} {scope}.
                  </EmptyState>
                )}
                {withRate.length ? (
                  <ChartFrame
                    title={`Employment rate ${QUARTER_LABEL[q]} the award`}
                    description={`Employed earners / earners with wage records in that quarter.${hiddenNote(r.rows.length - withRate.length)}`}
                    table={employment.table}
                    k={r.k}
                    truncated={employment.truncated || r.truncated}
                    format={formatPercent}
                    testId="chart-outcomes-employment"
                  >
                    <BarRanking
                      series={employment}
                      k={r.k}
                      format={formatPercent}
                      label={`Bar chart of employment rate by ${label.toLowerCase()}`}
                      color="#009E73"
                    />
                  </ChartFrame>
                ) : (
                  <EmptyState>
                    Every {label.toLowerCase()}'s employment rate{" "}
                    {QUARTER_LABEL[q]} the award is {suppressedLabel(r.k)}{" "}
                    {scope} (disclosure control); the overall rate above is
                    shown.
                  </EmptyState>
                )}
              </div>
            </>
          );
        }}
      </QueryView>
    </section>
  );
}

function suppressedOrNone(suppressed: boolean | undefined, k: number): string {
  return suppressed ? suppressedLabel(k) : "no data";
}
