import {
  BarRanking,
  ChartFrame,
  formatPercent,
  suppressedLabel,
  toBarRankingSeries,
} from "@credpulse/web-charts";
import { EmptyState, QueryView } from "../../components/QueryState";
import { PeersPanel } from "../peers/PeersPanel";
import { FilterBar } from "../filters/FilterBar";
import { describeScope, toApiParams } from "../filters/filters";
import { useFilters } from "../filters/useFilters";
import { useMetric } from "../metrics/metrics.api";
import { useRegionName } from "../taxonomy/taxonomy.api";

export function PathwaysView() {
  const [filters] = useFilters();
  const scope = describeScope(filters, useRegionName(filters.region));
  const res = useMetric(
    "pathways",
    toApiParams(filters, ["region", "from", "to", "credential"]),
  );
  return (
    <section aria-labelledby="pathways-h">
      <h1 id="pathways-h">Pathways</h1>
      <p className="lede">
        Stacking {scope}: of the people who earned a credential, the share who
        later earned the credential it stacks into, and the median months
        between.
      </p>
      <FilterBar controls={["region", "period", "credential"]} />
      <PeersPanel view="pathways" />
      <QueryView query={res} what="pathways">
        {(r) => {
          if (!r.rows.length)
            return (
              <EmptyState>No stacking pathway has earners {scope}.</EmptyState>
            );
          // pathways whose share is withheld are counted in the description, not drawn as empty rows
          const shown = r.rows.filter((x) => x.share !== null);
          const hidden = r.rows.length - shown.length;
          if (!shown.length)
            return (
              <EmptyState>
                Every pathway's share is {suppressedLabel(r.k)} {scope}. Try a
                longer period or a larger region.
              </EmptyState>
            );
          const s = toBarRankingSeries(shown, {
            id: (x) => `${x.fromCredential.id}-${x.toCredential.id}`,
            label: (x) => `${x.fromCredential.name} → ${x.toCredential.name}`,
            value: (x) =>
              x.earnersFrom.suppressed || x.laterTo.suppressed
                ? { value: null, suppressed: true }
                : x.share,
            valueLabel: "Share who stacked",
            categoryLabel: "Pathway",
            limit: 25,
            extra: [
              {
                key: "from",
                label: "Earners of the first credential",
                value: (x) => x.earnersFrom,
              },
              {
                key: "later",
                label: "Later earned the next",
                value: (x) => x.laterTo,
              },
              {
                key: "months",
                label: "Median months between",
                value: (x) => x.medianMonths,
              },
            ],
          });
          return (
            <ChartFrame
              title="Share of earners who stack into the next credential"
              description={
                hidden
                  ? `${hidden} more ${hidden === 1 ? "pathway is" : "pathways are"} ${suppressedLabel(r.k)} and not listed.`
                  : undefined
              }
              table={s.table}
              k={r.k}
              truncated={s.truncated || r.truncated}
              format={formatPercent}
              testId="chart-pathways"
            >
              <BarRanking
                series={s}
                k={r.k}
                format={formatPercent}
                label="Bar chart of stacking shares by pathway"
                color="#56B4E9"
              />
            </ChartFrame>
          );
        }}
      </QueryView>
    </section>
  );
}
