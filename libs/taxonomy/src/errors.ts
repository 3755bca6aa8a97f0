/** A reference file that does not match what its parser expects, naming the file, line and field. */
export class TaxonomyFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}${field ? ` (${field})` : ''}: ${reason}`);
    this.name = 'TaxonomyFileError';
  }
}
