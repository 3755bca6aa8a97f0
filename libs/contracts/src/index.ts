export * from './domain.js';
export * from './filters.js';
export * from './problem.js';
export * from './auth.js';
export * from './export.js';
export * from './metrics/filters.js';
export * from './metrics/postings.js';
