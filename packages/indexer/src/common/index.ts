export const INDEXER_PACKAGE = '@marie/indexer';
