// Reference taxonomies: pure parsers for the shipped files (libs/taxonomy/data) and readers.
export * from './errors.js';
export * from './csv.js';
export * from './naics.js';
export * from './soc.js';
export * from './cip.js';
export * from './cip-soc.js';
export * from './geo.js';
export * from './geocode.js';
export * from './onet.js';
export * from './esco.js';
export * from './oews.js';
export * from './skills.js';
export * from './sources.js';
export * from './credential-catalog.js';
export * from './credential-names.js';
export * from './credentials-csv.js';
export * from './credential-sources.js';
