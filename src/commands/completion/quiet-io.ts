import type { Readable, Writable } from 'node:stream';
import { CliError } from '../../lib/errors.js';
import type { IO, Style } from '../../lib/io.js';

function noPrompt(): never {
  throw new CliError('input_needed', 'completion never prompts');
}

/** IO for `__complete`: stdout passes through; stderr is dropped and prompting is impossible. */
export class QuietIO implements IO {
  constructor(private readonly inner: IO) {}
  get stdin(): Readable {
    return this.inner.stdin;
  }
  get stdout(): Writable {
    return this.inner.stdout;
  }
  get stderr(): Writable {
    return this.inner.stderr;
  }
  readonly stdinIsTTY = false;
  readonly stdinIsNullDevice = true;
  readonly stdoutIsNullDevice = false;
  get stdoutIsTTY(): boolean {
    return this.inner.stdoutIsTTY;
  }
  readonly stderrIsTTY = false;
  readonly color = false;
  readonly errColor = false;
  readonly columns = 80;
  canPrompt(): boolean {
    return false;
  }
  forbidPrompts(): void {}
  noPromptReason(): string {
    return 'completion never prompts';
  }
  out(text: string): void {
    this.inner.out(text);
  }
  write(chunk: string | Uint8Array): Promise<void> {
    return this.inner.write(chunk);
  }
  flushOut(): Promise<void> {
    return this.inner.flushOut();
  }
  err(_text: string): void {}
  status(_text: string): void {}
  clearStatus(): void {}
  style(_format: Style, text: string): string {
    return text;
  }
  styleErr(_format: Style, text: string): string {
    return text;
  }
  async readStdin(_limit: number): Promise<Buffer> {
    return Buffer.alloc(0);
  }
  async promptSecret(_message: string): Promise<string> {
    return noPrompt();
  }
  async confirm(_message: string): Promise<boolean> {
    return noPrompt();
  }
  onInterrupt(handler: (signal: 'SIGINT' | 'SIGTERM') => void): () => void {
    return this.inner.onInterrupt(handler);
  }
  interrupt(signal: 'SIGINT' | 'SIGTERM'): boolean {
    return this.inner.interrupt(signal);
  }
}
