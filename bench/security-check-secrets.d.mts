// Types for security-check-secrets.mjs (imported by the TypeScript tests).
export interface Plant {
  secret: string;
  yaml: string;
  json: string;
  env: string;
}
export function seeded(seed: number): () => number;
export const PLANTS: Record<string, (rng: () => number) => Plant>;
export const DECOYS: string[];
