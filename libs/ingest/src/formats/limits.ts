/**
 * Size caps of one record, so that a huge value costs a per-record error instead of seconds of CPU
 * and hundreds of MB of memory (the attack review: a 50 MB CSV field took 27 s and 1 GB). Measured
 * in characters (UTF-16 code units), which for text is close to bytes.
 */
export const MAX_FIELD_CHARS = 1 << 20;
/** One CSV record (its physical lines together) or one line of a VC-JWT file. */
export const MAX_LINE_CHARS = 1 << 20;
/** One JSON value (a posting, a badge) of the JSON formats. */
export const MAX_JSON_ITEM_CHARS = 1 << 20;
/**
 * One JSON document of the container formats: a CLR holds all of a learner's credentials and a
 * CTDL @graph all of a resource's nodes, so one document is legitimately bigger than one record.
 */
export const MAX_JSON_CONTAINER_CHARS = 16 << 20;

export const mb = (chars: number) => `${Math.round(chars / (1 << 20))} MB`;
