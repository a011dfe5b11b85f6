// A worker thread's entry, started by bin/paperwire.js for `digest` and `run`: it reads a time in both zones the
// digest shows, so ICU loads their zone and locale data (kept for the whole process) on the second core while the
// main thread loads the CLI. The main thread's first formatter then costs well under a millisecond, not tens.

import { formatEastern, formatUtc8 } from './time-zones.js';

const now = new Date();
formatEastern(now);
formatUtc8(now, { seconds: false });
