export * from './tags.js';
export * from './searchTypes.js';
export { PatternError, type TextQuery } from './textQuery.js';
export type { OutlineNode } from './outline.js';
