// Imports a declaration file (a case, a runtime's expectations) and takes its marked default export; trouble is data.
import type { LoadError } from './load-error.ts';
import { esModuleUrl } from './es-module-url.ts';

/**
 * The file's default export when it carries `mark` (set by its define function); otherwise a
 * load error naming the file (`shown`) and what was wanted (`wanted`: the export to write).
 */
export const importMarked = async (file: string, shown: string, mark: symbol, wanted: string): Promise<{ value: Record<PropertyKey, unknown> } | LoadError> => {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(esModuleUrl(file))) as Record<string, unknown>;
  } catch (error) {
    const text = error instanceof Error ? error.message.split('\n').slice(0, 6).join('\n') : String(error);
    return { file: shown, message: `${shown}: cannot be imported: ${text}` };
  }
  const value = mod.default as Record<PropertyKey, unknown> | undefined;
  if (typeof value !== 'object' || value === null || value[mark] !== true) {
    return { file: shown, message: `${shown}: expected \`${wanted}\`, got ${value === undefined ? 'no default export' : typeof value}` };
  }
  return { value };
};
