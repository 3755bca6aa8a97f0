export { createExtractor } from './extractor.js';
export type { ExtractionDictionary, ExtractionHints, ExtractionResult, Extractor, ExtractorOptions, HintSection, Level, Mention } from './extractor.js';
export { deriveSkillAliases } from './aliases.js';
export { WordAutomaton } from './automaton.js';
export { tokenize } from './tokenize.js';
export { COMMON_WORDS, phrasePolicy } from './stoplist.js';
export { findDegreeMentions, hasEquivalentClause } from './degree.js';
export type { DegreeLevel } from './degree.js';
