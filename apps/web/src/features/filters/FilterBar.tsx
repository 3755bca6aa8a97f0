import type { ReactNode } from 'react';
import { useId } from 'react';
import { GRANULARITIES } from '@credpulse/contracts';
import { SearchPicker } from '../../components/SearchPicker';
import { searchRegions, searchTaxonomy, type TaxonomyKind, useRegionName, useTaxonomyLabel } from '../taxonomy/taxonomy.api';
import type { FilterKey } from './filters';
import { useFilters } from './useFilters';
import { WorkbookLink } from '../export/WorkbookLink';

type Control = 'region' | 'period' | 'granularity' | 'naics' | 'soc' | 'cip' | 'skill' | 'credential';

const TAXONOMY: Partial<Record<Control, { kind: TaxonomyKind; label: string; placeholder: string }>> = {
  naics: { kind: 'naics', label: 'Industry (NAICS)', placeholder: 'e.g. 62 or hospitals' },
  soc: { kind: 'soc', label: 'Occupation (SOC)', placeholder: 'e.g. 15-1212 or analyst' },
  cip: { kind: 'cip', label: 'Program (CIP)', placeholder: 'e.g. 51.3901 or nursing' },
  skill: { kind: 'skills', label: 'Skill', placeholder: 'e.g. Python' },
  credential: { kind: 'credentials', label: 'Credential', placeholder: 'e.g. Security+' },
};

/** The filters of a view, as labelled controls; every change goes to the URL. */
export function FilterBar({ controls = ['region', 'period'], children }: { controls?: Control[]; children?: ReactNode }) {
  const [filters, setFilters] = useFilters();
  const fromId = useId();
  const toId = useId();
  const granId = useId();
  const regionName = useRegionName(filters.region);
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {controls.includes('region') ? (
        <SearchPicker
          label="Region"
          queryKey="region"
          value={filters.region && filters.region !== 'us' ? filters.region : undefined}
          valueLabel={regionName}
          placeholder="State, county or metro area"
          search={(q) => searchRegions(q)}
          onChange={(v) => setFilters({ region: v })}
        />
      ) : null}
      {controls.includes('period') ? (
        <>
          <div className="field">
            <label htmlFor={fromId}>From month</label>
            <input id={fromId} type="month" value={filters.from ?? ''} max={filters.to} onChange={(e) => setFilters({ from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={toId}>To month</label>
            <input id={toId} type="month" value={filters.to ?? ''} min={filters.from} onChange={(e) => setFilters({ to: e.target.value })} />
          </div>
        </>
      ) : null}
      {controls.includes('granularity') ? (
        <div className="field">
          <label htmlFor={granId}>Trend by</label>
          <select id={granId} value={filters.granularity ?? 'month'} onChange={(e) => setFilters({ granularity: e.target.value === 'month' ? undefined : e.target.value })}>
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {(['naics', 'soc', 'cip', 'skill', 'credential'] as const).filter((c) => controls.includes(c)).map((c) => (
        <TaxonomyControl key={c} control={c} />
      ))}
      {children}
      <WorkbookLink />
    </form>
  );
}

function TaxonomyControl({ control }: { control: 'naics' | 'soc' | 'cip' | 'skill' | 'credential' }) {
  const [filters, setFilters] = useFilters();
  const t = TAXONOMY[control]!;
  const key = control as FilterKey;
  const label = useTaxonomyLabel(t.kind, filters[key]);
  return (
    <SearchPicker
      label={t.label}
      queryKey={control}
      value={filters[key]}
      valueLabel={label}
      placeholder={t.placeholder}
      search={(q) => searchTaxonomy(t.kind, q)}
      onChange={(v) => setFilters({ [key]: v })}
    />
  );
}
