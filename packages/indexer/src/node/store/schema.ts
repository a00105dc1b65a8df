
/**
 * The index database schema. Bump SCHEMA_VERSION on any incompatible change: a database
 * with another `PRAGMA user_version` is deleted and rebuilt, never migrated (it is a cache).
 *
 * Rows that readers cache in memory (files, contents, names) carry `version`, the value
 * of meta 'version' in the write transaction that last touched them, so a reader can load
 * just what changed since it last looked. Deleted files stay as `present = 0` rows for the
 * same reason. Files point at contents by hash, so identical files are parsed and indexed
 * once; symbols, references and trigram postings belong to a content.
 *
 * The trigram index: immutable segments, one row per (segment, trigram) holding the
 * varint-encoded ids of the contents that contain it (keyed segment first, so a new
 * segment is appended, not scattered through the tree), plus `text_delta`, one row per
 * recently indexed content with its sorted trigram keys (an editor save costs one row).
 *
 * References are one row per content: varints of (name id, kind, start line, start
 * column, line span, end column) per reference. "References of X" first asks the trigram
 * index which contents contain the text X, then decodes only those rows — millions of
 * per-reference rows and their indexes would dominate a cold build.
 */
export const SCHEMA_VERSION = 3;

// Rows store a kind as its position in these lists: reordering them is a schema change.
export { REFERENCE_KINDS, SYMBOL_KINDS } from '../../common/tags.js';

/** files.state */
export const FileState = {
  /** Read and hashed: content_id is set. */
  Ok: 0,
  /** Over the text size limit: listed (quick open) but neither read, parsed nor searched. */
  TooLarge: 1,
  Unreadable: 2,
  /** Discovered, not processed yet. */
  Pending: 3,
} as const;

/** contents.flags bits */
export const ContentFlag = {
  Binary: 1,
  /** Its trigrams are in the text index. */
  TextIndexed: 2,
  /** Parsing finished (tags stored, or a reason why not in parse_error). */
  Parsed: 4,
} as const;

export const CREATE_TABLES = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  root INTEGER NOT NULL,
  rel TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime REAL NOT NULL,
  content_id INTEGER,
  state INTEGER NOT NULL,
  present INTEGER NOT NULL,
  version INTEGER NOT NULL,
  UNIQUE (root, rel)
);
CREATE INDEX files_version ON files (version);
CREATE INDEX files_content ON files (content_id);
CREATE TABLE contents (
  id INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  flags INTEGER NOT NULL,
  language TEXT,
  parse_error TEXT,
  version INTEGER NOT NULL
);
CREATE INDEX contents_version ON contents (version);
CREATE TABLE names (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  kinds INTEGER NOT NULL,
  version INTEGER NOT NULL
);
CREATE INDEX names_version ON names (version);
CREATE TABLE symbols (
  content_id INTEGER NOT NULL,
  name_id INTEGER NOT NULL,
  kind INTEGER NOT NULL,
  container_id INTEGER,
  sl INTEGER NOT NULL, sc INTEGER NOT NULL, el INTEGER NOT NULL, ec INTEGER NOT NULL,
  fsl INTEGER NOT NULL, fsc INTEGER NOT NULL, fel INTEGER NOT NULL, fec INTEGER NOT NULL
);
CREATE TABLE refs (content_id INTEGER PRIMARY KEY, data BLOB NOT NULL);
CREATE TABLE text_segments (id INTEGER PRIMARY KEY, docs INTEGER NOT NULL, postings INTEGER NOT NULL);
CREATE TABLE text_postings (
  segment INTEGER NOT NULL,
  trigram INTEGER NOT NULL,
  docs BLOB NOT NULL,
  PRIMARY KEY (segment, trigram)
) WITHOUT ROWID;
CREATE TABLE text_delta (
  content_id INTEGER PRIMARY KEY,
  keys BLOB NOT NULL,
  version INTEGER NOT NULL
);
CREATE TABLE recent (path TEXT PRIMARY KEY, opened_at INTEGER NOT NULL) WITHOUT ROWID;
`;

/**
 * Lookup indexes on the big tables. A cold build creates them after the bulk load (one
 * sorted pass instead of millions of random B-tree inserts).
 */
export const SECONDARY_INDEXES = `
CREATE INDEX IF NOT EXISTS symbols_name ON symbols (name_id);
CREATE INDEX IF NOT EXISTS symbols_content ON symbols (content_id);
`;
