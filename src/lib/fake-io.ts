import { PassThrough, Readable } from 'node:stream';
import { BaseIO, type Style } from './io.js';

export interface FakeIOOptions {
  stdin?: string | Buffer;
  stdinIsTTY?: boolean;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  color?: boolean;
  /** false: as if --no-input were given. */
  promptAllowed?: boolean;
  /** Answers given to promptSecret, in order. */
  secrets?: string[];
  /** Answers given to confirm, in order. */
  confirms?: boolean[];
  columns?: number;
  /**
   * Show styles as tags (`<red>text</red>`) whatever the colour setting: styleText decides on its
   * own whether the test process's stdout takes colour, so tests see where a style applies this way.
   */
  tagStyles?: boolean;
}

/** Test double for IO: captures stdout/stderr, scripted stdin and prompt answers. */
export class FakeIO extends BaseIO {
  readonly stdin: Readable;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly stdinIsTTY: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readonly columns: number;
  readonly prompts: string[] = [];
  private outBuf = '';
  private errBuf = '';
  private readonly secrets: string[];
  private readonly confirms: boolean[];
  private readonly tagStyles: boolean;

  constructor(o: FakeIOOptions = {}) {
    super();
    this.stdin = Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]);
    this.stdinIsTTY = o.stdinIsTTY ?? false;
    this.stdoutIsTTY = o.stdoutIsTTY ?? false;
    this.stderrIsTTY = o.stderrIsTTY ?? this.stdoutIsTTY;
    this.color = o.color ?? false;
    this.columns = o.columns ?? 100;
    if (o.promptAllowed === false) this.forbidPrompts();
    this.secrets = [...(o.secrets ?? [])];
    this.confirms = [...(o.confirms ?? [])];
    this.tagStyles = o.tagStyles ?? false;
    this.stdout.on('data', (c: Buffer) => {
      this.outBuf += c.toString();
    });
    this.stderr.on('data', (c: Buffer) => {
      this.errBuf += c.toString();
    });
  }

  get stdoutText(): string {
    return this.outBuf;
  }
  get stderrText(): string {
    return this.errBuf;
  }

  override style(format: Style, text: string): string {
    return this.tagStyles ? `<${format}>${text}</${format}>` : super.style(format, text);
  }

  override out(text: string): void {
    this.outBuf += text;
  }
  override err(text: string): void {
    this.errBuf += text;
  }

  async promptSecret(message: string): Promise<string> {
    this.assertCanPrompt('input');
    this.prompts.push(message);
    const answer = this.secrets.shift();
    if (answer === undefined) throw new Error(`FakeIO: unexpected prompt ${message}`);
    return answer;
  }

  async confirm(message: string): Promise<boolean> {
    this.assertCanPrompt('confirmation');
    this.prompts.push(message);
    const answer = this.confirms.shift();
    if (answer === undefined) throw new Error(`FakeIO: unexpected confirm ${message}`);
    return answer;
  }
}
