/** What a command needs from its surroundings, injected so tests can run commands in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * A reader that stops early (`gatehouse report … | head`) closes the pipe: that is not an error
 * of ours, so the process ends quietly, as Unix tools do, instead of crashing with EPIPE.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
quietOnClosedPipe(process.stdout);

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
};

/** Exit codes of every command (PRODUCT.md): never 1 for a crash or a bad flag. */
export const ExitCode = {
  success: 0,
  /** The gate failed; for `lint`, an error-level finding; for `diff --exit-code`, differences. */
  failed: 1,
  /** Unusable input or a usage error. */
  unusableInput: 2,
  internalError: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A usage problem found after parsing (e.g. an unknown --format). */
export class UsageError extends Error {
  override name = 'UsageError';
}
