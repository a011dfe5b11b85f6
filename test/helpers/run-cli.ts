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
