// Runs `paperwire`: in this process through `main(argv, io)` (runMain, most tests), or the built binary as a
// user would (runCli, withServe: a child process, asynchronous so loopback servers in the test keep answering).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { main, type CliIo } from '../../src/cli.js';
import { stripControls } from '../../src/model.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'paperwire.js');

/**
 * Runs `paperwire ...args` in this process through `main`, with exactly `env` (plus PATH) in `cwd`, stderr not a
 * terminal: what the binary prints, without a process. Process-level behaviour (signals, the exit of the
 * process, two processes on one home, dist/ itself) needs runCli.
 */
export async function runMain(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string },
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => (stdout += text),
    // As cli.ts's own stderr: control characters stripped, one line each.
    stderr: (line) => (stderr += `${stripControls(line)}\n`),
    stderrRaw: (text) => (stderr += text),
    isTerminal: false,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    cwd: options.cwd,
    now: () => new Date(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** Which user a child runs as (only root may choose): what a file's permissions mean is the system's, per user. */
export interface ChildUser {
  uid: number;
  gid: number;
}

/**
 * Runs the built `paperwire ...args` in a child process with exactly `env` (plus PATH) in `cwd`, as `user` when given
 * (the test must run as root then).
 */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string; user?: ChildUser },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      ...options.user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * Starts `paperwire serve --port 0 ...args` with exactly `env` (plus PATH) in `cwd` (as `user`, as runCli), calls
 * `use` with its URL once it listens, then stops it with SIGTERM (SIGKILL after 30 s); resolves with its exit code and
 * stderr.
 */
export function withServe(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string; user?: ChildUser },
  use: (url: string) => Promise<void>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      ...options.user,
    });
    let stderr = '';
    let isStarted = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /serving (http:\/\/\S+)/.exec(stderr)?.[1];
      if (!url || isStarted) return;
      isStarted = true;
      use(url).then(
        () => child.kill('SIGTERM'),
        (error: unknown) => {
          child.kill('SIGTERM');
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
