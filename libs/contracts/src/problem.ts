/** One rejected field or record; ingest errors carry the file and the line or JSON pointer. */
export interface ProblemFieldError {
  /** File name the record came from (ingest). */
  file?: string;
  /** 1-based line number for line-oriented inputs (CSV, JSON Lines). */
  line?: number;
  /** RFC 6901 JSON pointer for JSON documents. */
  pointer?: string;
  /** The field or parameter at fault. */
  field: string;
  /** What is wrong, in words a person can act on. */
  reason: string;
}

/** RFC 9457 problem details, as every error response of the API. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** The query parameter at fault, for 400s on metric filters. */
  parameter?: string;
  /** The values that parameter accepts (possibly abbreviated). */
  allowed?: string[];
  /** The closest allowed value to what was sent, when one is close. */
  suggestion?: string;
  errors?: ProblemFieldError[];
}
