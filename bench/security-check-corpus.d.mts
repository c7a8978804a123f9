// Types for security-check-corpus.mjs (imported by the TypeScript tests).
export interface Place {
  path: string;
  start: number;
  end: number;
}
export interface Corpus {
  plants: Array<Place & { rule: string }>;
  decoys: Array<Place & { decoy: string }>;
  bytes: number;
}
export function writeCorpus(
  dir: string,
  options: { files: number; totalBytes: number; seed?: number; plantEvery?: number },
): Corpus;
