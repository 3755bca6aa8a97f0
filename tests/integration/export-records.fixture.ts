import type { DataSource } from 'typeorm';

export interface ExportFixture {
  counties: { fips: string; state: string }[];
  skills: string[];
  credentialIds: number[];
  providerId: number;
}

/**
 * A small, deterministic set of postings (two states), their skills and credentials, awards and
 * outcomes. Some salaries and employers are null, titles carry commas, quotes and non-ASCII text
 * so that every writer meets nulls and escaping.
 */
export async function loadExportFixture(ds: DataSource, postings = 240): Promise<ExportFixture> {
  const ca: { fips: string; state_fips: string }[] = await ds.query(`SELECT fips, state_fips FROM county WHERE state_fips = '06' ORDER BY fips LIMIT 2`);
  const tx: { fips: string; state_fips: string }[] = await ds.query(`SELECT fips, state_fips FROM county WHERE state_fips = '48' ORDER BY fips LIMIT 2`);
  const counties = [...ca, ...tx].map((c) => ({ fips: c.fips, state: c.state_fips }));
  if (counties.length < 4) throw new Error('fixture needs the county taxonomy (CA and TX counties)');
  const skills: string[] = (await ds.query(`SELECT id FROM skill ORDER BY id LIMIT 3`)).map((r: { id: string }) => r.id);
  if (skills.length < 3) throw new Error('fixture needs the skill taxonomy');

  const [prov] = await ds.query(`INSERT INTO provider(source_key, name) VALUES ('fx:prov', 'Fixture College') RETURNING id`);
  const creds: { id: number }[] = await ds.query(
    `INSERT INTO credential(source_key, name, type, provider_id) VALUES ('fx:c1', 'Data Basics Badge', 'badge', $1), ('fx:c2', 'Cloud Cert', 'certification', $1) RETURNING id`,
    [prov.id],
  );
  await ds.query(`INSERT INTO credential_skill VALUES ($1, $2), ($3, $4)`, [creds[0].id, skills[0], creds[1].id, skills[1]]);

  const rows: unknown[][] = [];
  for (let i = 0; i < postings; i++) {
    const c = counties[i % 4];
    const month = 1 + (i % 12);
    const salary = i % 7 === 0 ? null : 30_000 + i * 250.5;
    const title = i % 10 === 0 ? `Analyst, "Data" ${i} – Zoë` : `Technician ${i}`;
    rows.push([`fx:p${i}`, i % 9 === 0 ? null : `Employer ${i % 13}`, title, i % 2 ? '5415' : '6221', i % 3 ? '15-1211' : '29-1141', c.fips, c.state,
      `2025-${String(month).padStart(2, '0')}-${String(1 + (i % 27)).padStart(2, '0')}`, salary, i % 5, i % 4 === 0, i % 6 === 0]);
  }
  const values = rows.map((_, r) => `(${Array.from({ length: 12 }, (_, c) => `$${r * 12 + c + 1}`).join(', ')})`).join(', ');
  await ds.query(
    `INSERT INTO job_posting(source_key, employer, title, naics_code, soc_code, county_fips, state_fips, posted_date, salary_annual, degree_level, in_lieu, remote) VALUES ${values}`,
    rows.flat(),
  );
  await ds.query(`INSERT INTO posting_skill(posting_id, skill_id, level) SELECT id, $1, 1 + (id % 3)::int FROM job_posting WHERE id % 2 = 0`, [skills[0]]);
  await ds.query(`INSERT INTO posting_skill(posting_id, skill_id, level) SELECT id, $1, 2 FROM job_posting WHERE id % 3 = 0`, [skills[1]]);
  await ds.query(`INSERT INTO posting_credential(posting_id, credential_id, level) SELECT id, $1, 1 + (id % 3)::int FROM job_posting WHERE id % 4 = 0`, [creds[0].id]);
  await ds.query(`INSERT INTO posting_credential(posting_id, credential_id, level) SELECT id, $1, 2 FROM job_posting WHERE id % 5 = 0`, [creds[1].id]);

  await ds.query(
    `INSERT INTO credential_award(source_key, learner_key, credential_id, award_date, county_fips, state_fips, program_cip, low_income)
     SELECT 'fx:a' || g, 'L' || g, CASE WHEN g % 2 = 0 THEN $1::int ELSE $2::int END, DATE '2025-01-01' + g * 3,
            CASE WHEN g % 2 = 0 THEN $3 ELSE $4 END, CASE WHEN g % 2 = 0 THEN '06' ELSE '48' END, '11.0701', g % 3 = 0
     FROM generate_series(1, 60) g`,
    [creds[0].id, creds[1].id, counties[0].fips, counties[2].fips],
  );
  await ds.query(
    `INSERT INTO learner_outcome(learner_key, quarter, employed, wage)
     SELECT 'L' || g, q, (g + extract(month FROM q)::int) % 4 <> 0, CASE WHEN g % 5 = 0 THEN NULL ELSE 5000 + g * 10 END
     FROM generate_series(1, 60) g, (VALUES (DATE '2025-01-01'), (DATE '2025-04-01'), (DATE '2025-07-01')) AS v(q)`,
  );
  return { counties, skills, credentialIds: creds.map((c) => c.id), providerId: prov.id };
}
