/**
 * Maps a Rust `\p{...}` name (loose: case, spaces, '_' and '-' ignored) to the exact
 * property expression JavaScript requires. Rust tries binary properties, then general
 * categories, then scripts; so do we.
 */
const BINARY = [
  'ASCII', 'ASCII_Hex_Digit', 'Alphabetic', 'Any', 'Assigned', 'Bidi_Control', 'Bidi_Mirrored', 'Case_Ignorable',
  'Cased', 'Changes_When_Casefolded', 'Changes_When_Casemapped', 'Changes_When_Lowercased',
  'Changes_When_NFKC_Casefolded', 'Changes_When_Titlecased', 'Changes_When_Uppercased', 'Dash',
  'Default_Ignorable_Code_Point', 'Deprecated', 'Diacritic', 'Emoji', 'Emoji_Component', 'Emoji_Modifier',
  'Emoji_Modifier_Base', 'Emoji_Presentation', 'Extended_Pictographic', 'Extender', 'Grapheme_Base',
  'Grapheme_Extend', 'Hex_Digit', 'IDS_Binary_Operator', 'IDS_Trinary_Operator', 'ID_Continue', 'ID_Start',
  'Ideographic', 'Join_Control', 'Logical_Order_Exception', 'Lowercase', 'Math', 'Noncharacter_Code_Point',
  'Pattern_Syntax', 'Pattern_White_Space', 'Quotation_Mark', 'Radical', 'Regional_Indicator', 'Sentence_Terminal',
  'Soft_Dotted', 'Terminal_Punctuation', 'Unified_Ideograph', 'Uppercase', 'Variation_Selector', 'White_Space',
  'XID_Continue', 'XID_Start',
];
const BINARY_ALIASES: Record<string, string> = {
  alpha: 'Alphabetic', wspace: 'White_Space', space: 'White_Space', lower: 'Lowercase', upper: 'Uppercase',
  ahex: 'ASCII_Hex_Digit', hex: 'Hex_Digit', xdigit: 'Hex_Digit', idc: 'ID_Continue', ids: 'ID_Start',
  joinc: 'Join_Control', ri: 'Regional_Indicator',
};
const CATEGORIES: Record<string, string> = {
  l: 'L', letter: 'L', lu: 'Lu', uppercaseletter: 'Lu', ll: 'Ll', lowercaseletter: 'Ll', lt: 'Lt',
  titlecaseletter: 'Lt', lc: 'LC', casedletter: 'LC', lm: 'Lm', modifierletter: 'Lm', lo: 'Lo', otherletter: 'Lo',
  m: 'M', mark: 'M', combiningmark: 'M', mn: 'Mn', nonspacingmark: 'Mn', mc: 'Mc', spacingmark: 'Mc', me: 'Me',
  enclosingmark: 'Me', n: 'N', number: 'N', nd: 'Nd', decimalnumber: 'Nd', digit: 'Nd', nl: 'Nl',
  letternumber: 'Nl', no: 'No', othernumber: 'No', p: 'P', punctuation: 'P', punct: 'P', pc: 'Pc',
  connectorpunctuation: 'Pc', pd: 'Pd', dashpunctuation: 'Pd', ps: 'Ps', openpunctuation: 'Ps', pe: 'Pe',
  closepunctuation: 'Pe', pi: 'Pi', initialpunctuation: 'Pi', pf: 'Pf', finalpunctuation: 'Pf', po: 'Po',
  otherpunctuation: 'Po', s: 'S', symbol: 'S', sm: 'Sm', mathsymbol: 'Sm', sc: 'Sc', currencysymbol: 'Sc',
  sk: 'Sk', modifiersymbol: 'Sk', so: 'So', othersymbol: 'So', z: 'Z', separator: 'Z', zs: 'Zs',
  spaceseparator: 'Zs', zl: 'Zl', lineseparator: 'Zl', zp: 'Zp', paragraphseparator: 'Zp', c: 'C', other: 'C',
  cc: 'Cc', control: 'Cc', cntrl: 'Cc', cf: 'Cf', format: 'Cf', cs: 'Cs', surrogate: 'Cs', co: 'Co',
  privateuse: 'Co', cn: 'Cn', unassigned: 'Cn',
};
const KEYS: Record<string, string> = {
  sc: 'Script', script: 'Script', scx: 'Script_Extensions', scriptextensions: 'Script_Extensions',
  gc: 'General_Category', generalcategory: 'General_Category',
};

const normalize = (s: string): string => s.replace(/[\s_-]/gu, '').toLowerCase();
const binaryByNorm = new Map(BINARY.map((b) => [normalize(b), b]));

function valid(expr: string): boolean {
  try {
    new RegExp(`\\p{${expr}}`, 'v');
    return true;
  } catch {
    return false;
  }
}

/** Title_Case words joined by '_', the spelling JavaScript wants for script names. */
function scriptSpelling(value: string): string {
  return value
    .trim()
    .split(/[\s_-]+/u)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('_');
}

export function resolveProperty(name: string): string | undefined {
  const eq = name.search(/[=:]/u);
  if (eq >= 0) {
    const key = KEYS[normalize(name.slice(0, eq))];
    const value = name.slice(eq + 1);
    if (key === 'General_Category') return CATEGORIES[normalize(value)];
    if (key === undefined) return undefined;
    for (const v of [value.trim(), scriptSpelling(value)]) if (valid(`${key}=${v}`)) return `${key}=${v}`;
    return undefined;
  }
  const norm = normalize(name);
  if (norm !== 'cf') {
    const binary = binaryByNorm.get(norm) ?? BINARY_ALIASES[norm];
    if (binary) return binary;
  }
  const category = CATEGORIES[norm];
  if (category) return category;
  for (const v of [name.trim(), scriptSpelling(name)]) if (valid(`Script=${v}`)) return `Script=${v}`;
  return undefined;
}
