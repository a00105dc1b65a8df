import { basename, pickLanguage, plainText, type PickedLanguage } from '../common/index.js';
import { monaco } from './monacoApi.js';

/** The language Monaco's registry claims for a host path, by file name then extension. */
export function languageForPath(path: string): PickedLanguage {
  return pickLanguage(basename(path), monaco.languages.getLanguages());
}

export { plainText };
