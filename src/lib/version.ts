declare const __FIBONACCI_VERSION__: string | undefined;

/** The CLI version, inlined by the bundler (falls back for tests run from source). */
export const VERSION: string =
  typeof __FIBONACCI_VERSION__ === 'string' ? __FIBONACCI_VERSION__ : '0.0.0-dev';
