import type { MigrationInterface, QueryRunner } from 'typeorm';

// Real postings carry place text and titles, not FIPS and SOC codes (issue 12).
// - posting_location: every place of a posting that names several (the first is also
//   job_posting.county_fips/state_fips). A county, CBSA or custom region counts such a posting once
//   when any of its places lies in it; national counts read job_posting and stay unique.
// - How the place and the occupation were found, and how sure: location_method/confidence
//   (geocoder: zip, county, place, ...) and soc_source ('given' in the data, 'coded' from the title)
//   with soc_method/soc_confidence.
export class PostingPlacesAndCodedSoc1765000300000 implements MigrationInterface {
  name = 'PostingPlacesAndCodedSoc1765000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE posting_location (
        posting_id bigint NOT NULL REFERENCES job_posting(id) ON DELETE CASCADE,
        county_fips char(5) NOT NULL REFERENCES county(fips),
        state_fips char(2) NOT NULL REFERENCES state(fips),
        method text NOT NULL,
        confidence real NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        PRIMARY KEY (posting_id, county_fips)
      );
      CREATE INDEX posting_location_county_idx ON posting_location(county_fips, posting_id);
      ALTER TABLE job_posting
        ADD COLUMN location_method text,
        ADD COLUMN location_confidence real CHECK (location_confidence BETWEEN 0 AND 1),
        ADD COLUMN soc_source text CHECK (soc_source IN ('given', 'coded')),
        ADD COLUMN soc_method text,
        ADD COLUMN soc_confidence real CHECK (soc_confidence BETWEEN 0 AND 1);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS posting_location;
      ALTER TABLE job_posting DROP COLUMN IF EXISTS location_method, DROP COLUMN IF EXISTS location_confidence,
        DROP COLUMN IF EXISTS soc_source, DROP COLUMN IF EXISTS soc_method, DROP COLUMN IF EXISTS soc_confidence;
    `);
  }
}
