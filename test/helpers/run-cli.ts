// Runs the built `paperwire` binary as a user would (a child process), asynchronously so that loopback
// servers in the test process keep answering while it runs.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'paperwire.js');

/** Runs `paperwire ...args` with exactly `env` (plus PATH) in `cwd`. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
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
 * Starts `paperwire serve --port 0 ...args` with exactly `env` (plus PATH) in `cwd`, calls `use` with its URL once it
 * listens, then stops it with SIGTERM (SIGKILL after 30 s); resolves with its exit code and stderr.
 */
export function withServe(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd: string },
  use: (url: string) => Promise<void>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
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
