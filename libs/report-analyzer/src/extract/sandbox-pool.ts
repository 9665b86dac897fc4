// Several sandboxes of the same parser, so that jobs run in parallel on several cores: one Node child process per
// sandbox, each with its own copy of the parser (for OCR: its own ONNX Runtime sessions). A job goes to the least
// loaded sandbox; the pool grows to the size a caller asks for and never shrinks (idle children end by themselves,
// see sandbox.ts, and a later job starts them again).
import { Sandbox, type SandboxFailureWords, type SandboxJobOptions } from './sandbox';

export class SandboxPool<R extends { id: number }> {
  private readonly sandboxes: Sandbox<R>[] = [];

  constructor(
    private readonly source: string,
    private readonly words: SandboxFailureWords,
  ) {}

  /** Runs `message` on the least loaded of at least `size` sandboxes (see Sandbox.run). */
  run(
    message: Record<string, unknown>,
    opts: SandboxJobOptions & { size: number },
    onProgress?: (progress: unknown) => void,
  ): Promise<R> {
    while (this.sandboxes.length < Math.max(1, opts.size)) this.sandboxes.push(new Sandbox<R>(this.source, this.words));
    const candidates = this.sandboxes.slice(0, Math.max(1, opts.size));
    const target = candidates.reduce((best, s) => (s.load < best.load ? s : best));
    return target.run(message, { timeoutMs: opts.timeoutMs, heapMb: opts.heapMb }, onProgress);
  }

  /** Ends every child (tests, graceful shutdown). */
  async close(): Promise<void> {
    await Promise.all(this.sandboxes.map((s) => s.close()));
  }
}
