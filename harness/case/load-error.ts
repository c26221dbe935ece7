// What a declaration file that could not be loaded becomes: data beside the cases, never an exception.

/** A case file that could not be loaded: which file, and everything that was wrong with it. */
export interface LoadError {
  file: string;
  message: string;
}
