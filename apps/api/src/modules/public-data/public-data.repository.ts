import type { DataSource } from 'typeorm';
import type { PublicDataset, PublicDataVintage } from '@credpulse/contracts';

/** Every loaded vintage, newest first within each dataset; OEWS and projections list their areas. */
export async function listVintages(ds: DataSource): Promise<PublicDataVintage[]> {
  const rows: { dataset: PublicDataset; vintage: string; rows: number; rejected: number; loaded_at: Date; source: string; areas: string[] | null }[] = await ds.query(`
    SELECT l.dataset, l.vintage, l.rows, l.rejected, l.loaded_at, l.source,
           CASE l.dataset
             WHEN 'oews' THEN (SELECT array_agg(DISTINCT area ORDER BY area) FROM oews_estimate o WHERE o.vintage::text = l.vintage)
             WHEN 'projections' THEN (SELECT array_agg(DISTINCT area ORDER BY area) FROM ep_projection p WHERE p.vintage = l.vintage)
           END AS areas
    FROM public_data_load l
    ORDER BY l.dataset, l.vintage DESC`);
  return rows.map((r) => ({
    dataset: r.dataset,
    vintage: r.vintage,
    rows: r.rows,
    rejected: r.rejected,
    loadedAt: new Date(r.loaded_at).toISOString(),
    source: r.source,
    ...(r.areas ? { areas: r.areas.slice(0, 60) } : {}),
  }));
}
