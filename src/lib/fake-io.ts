import { PassThrough, Readable, Writable } from 'node:stream';
import { BaseIO, type PromptSecretOptions, type Style } from './io.js';

export interface FakeIOOptions {
  stdin?: string | Buffer;
  stdinIsTTY?: boolean;
  /** stdin is /dev/null: no input at all (default false: an empty pipe when `stdin` is absent). */
  stdinIsNullDevice?: boolean;
  stdoutIsNullDevice?: boolean;
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  color?: boolean;
  /** Colour on stderr (default: as `color`). */
  errColor?: boolean;
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
  /** Every stdout write fails with this error code (`ENOSPC`, `EIO`, `EPIPE`), as `> /dev/full` does. */
  stdoutError?: string;
}

/** A stdout whose every write fails the way a full disk or a closed pipe makes it fail. */
function failingStdout(code: string): Writable {
  const errno: Record<string, number> = { ENOSPC: -28, EIO: -5, EPIPE: -32 };
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(`${code}: write failed`), { code, errno: errno[code] }));
    },
  });
  // The error is seen through the write callbacks, as main.ts sees it on the real stdout.
  stream.on('error', () => {});
  return stream;
}

/** Test double for IO: captures stdout/stderr, scripted stdin and prompt answers. */
export class FakeIO extends BaseIO {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr = new PassThrough();
  readonly stdinIsTTY: boolean;
  readonly stdinIsNullDevice: boolean;
  readonly stdoutIsNullDevice: boolean;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly color: boolean;
  readonly errColor: boolean;
  readonly columns: number;
  readonly prompts: string[] = [];
  private outBuf = '';
  private errBuf = '';
  private readonly secrets: string[];
  private readonly confirms: boolean[];
  private readonly tagStyles: boolean;
  private readonly stdoutFails: boolean;

  constructor(o: FakeIOOptions = {}) {
    super();
    this.stdoutFails = o.stdoutError !== undefined;
    this.stdout = o.stdoutError !== undefined ? failingStdout(o.stdoutError) : new PassThrough();
    this.stdin = Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]);
    this.stdinIsTTY = o.stdinIsTTY ?? false;
    this.stdinIsNullDevice = o.stdinIsNullDevice ?? false;
    this.stdoutIsNullDevice = o.stdoutIsNullDevice ?? false;
    this.stdoutIsTTY = o.stdoutIsTTY ?? false;
    this.stderrIsTTY = o.stderrIsTTY ?? this.stdoutIsTTY;
    this.color = o.color ?? false;
    this.errColor = o.errColor ?? this.color;
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
  override styleErr(format: Style, text: string): string {
    return this.tagStyles ? `<${format}>${text}</${format}>` : super.styleErr(format, text);
  }

  protected override rawOut(text: string): void {
    if (this.stdoutFails) super.rawOut(text);
    else this.outBuf += text;
  }
  protected override rawErr(text: string): void {
    this.errBuf += text;
  }

  async promptSecret(message: string, _options?: PromptSecretOptions): Promise<string> {
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
