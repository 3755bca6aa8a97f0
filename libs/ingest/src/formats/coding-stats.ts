/**
 * Where the parsers' place and title coding time goes (benchmarks read and reset it): calls and
 * main-thread milliseconds (cache hits included), per process. Counting costs two clock
 * reads per call.
 */
export const codingStats = { titleCalls: 0, titleMs: 0, placeCalls: 0, placeMs: 0 };

export function resetCodingStats(): void {
  codingStats.titleCalls = codingStats.titleMs = codingStats.placeCalls = codingStats.placeMs = 0;
}
