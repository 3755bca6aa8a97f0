export * from './extraction/index.js';
