/**
 * National rows ('US') of rollup tables from their state rows, for the months from `$1` on: a
 * nationwide question then reads far fewer rows. `tables`: table -> [key columns, sums], e.g.
 * `{ rollup_award: ['credential_id, program_cip', 'sum(n)'] }` (sums name their target column).
 */
export async function nationalRows(run: (sql: string) => Promise<unknown>, tables: Record<string, [string, string]>): Promise<void> {
  for (const [t, [keys, sums]] of Object.entries(tables)) {
    await run(`INSERT INTO ${t} (month, state_fips, ${keys}, ${sums.replace(/sum\((\w+)\)/g, '$1')})
               SELECT month, 'US', ${keys}, ${sums} FROM ${t} WHERE month >= date_trunc('month', $1::date) AND state_fips <> 'US'
               GROUP BY month, ${keys} ORDER BY month`);
  }
}
