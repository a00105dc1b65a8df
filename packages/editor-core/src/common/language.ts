/** The part of a Monaco language registration that says which files it claims. */
export interface LanguageDescriptor {
  id: string;
  extensions?: string[];
  filenames?: string[];
  aliases?: string[];
}

export interface PickedLanguage {
  id: string;
  name: string;
}

export const plainText: PickedLanguage = { id: 'plaintext', name: 'Plain Text' };

/**
 * Picks a language for a file name from registered descriptors: an exact file name wins,
 * then the longest matching extension (".d.ts" over ".ts"). Case-insensitive, as VS Code.
 */
export function pickLanguage(fileName: string, languages: readonly LanguageDescriptor[]): PickedLanguage {
  const lower = fileName.toLowerCase();
  let best: LanguageDescriptor | undefined;
  let bestLength = 0;
  for (const lang of languages) {
    if (lang.filenames?.some((f) => f.toLowerCase() === lower)) return describe(lang);
    for (const ext of lang.extensions ?? []) {
      const e = ext.toLowerCase();
      if (e.length > bestLength && lower.endsWith(e)) {
        best = lang;
        bestLength = e.length;
      }
    }
  }
  return best ? describe(best) : plainText;
}

function describe(lang: LanguageDescriptor): PickedLanguage {
  return { id: lang.id, name: lang.aliases?.[0] ?? lang.id };
}
