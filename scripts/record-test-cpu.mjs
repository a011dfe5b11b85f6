// Loaded by scripts/run-tests.mjs into every test process (`--import`): when the process ends, appends one line to
// the file $PAPERWIRE_TEST_CPU_LOG with the test file (or unit group) it ran, the CPU seconds it and its children
// (the built CLI it spawned, a Chromium it launched) used, and its time, so that the run can name where they went. Loaded by
// scripts/check.mjs into each check's process, it writes that process's CPU (its children's included) to the file
// $PAPERWIRE_CHECK_CPU_FILE instead.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

/** Linux's unit for the times in /proc/<pid>/stat (USER_HZ, 100 on every architecture node runs on). */
const TICKS_PER_SECOND = 100;

/** CPU seconds of this process's children that ended and were waited for, from /proc; 0 where there is none. */
export function readChildrenCpuSeconds() {
  if (!existsSync('/proc/self/stat')) return 0;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // After the command name (in parentheses, which may hold spaces) comes field 3; cutime and cstime are 16 and 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

const logPath = process.env.PAPERWIRE_TEST_CPU_LOG;
// node's test runner marks the processes it starts for the files; its own process records nothing, nor does a
// worker thread a test starts (it gets this module too, and its process's CPU is its file's).
const isTestFileProcess = process.env.NODE_TEST_CONTEXT !== undefined && isMainThread;
if (isTestFileProcess && logPath !== undefined && logPath !== '') {
  process.on('exit', () => {
    const own = process.cpuUsage();
    const cpuSeconds = (own.user + own.system) / 1e6 + readChildrenCpuSeconds();
    // Its time from start to end too: the run's processes should end together, none alone at the end.
    const wallSeconds = process.uptime();
    appendFileSync(logPath, `${JSON.stringify({ file: process.argv[1], cpuSeconds, wallSeconds })}\n`);
  });
}

const checkCpuPath = process.env.PAPERWIRE_CHECK_CPU_FILE;
if (checkCpuPath !== undefined && checkCpuPath !== '' && isMainThread) {
  // The check's own process only: the processes it starts do not inherit the file to overwrite.
  delete process.env.PAPERWIRE_CHECK_CPU_FILE;
  process.on('exit', () => {
    const own = process.cpuUsage();
    writeFileSync(checkCpuPath, String((own.user + own.system) / 1e6 + readChildrenCpuSeconds()));
  });
}
