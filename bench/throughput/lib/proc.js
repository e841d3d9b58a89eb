// Reading a process's CPU time, memory and threads from /proc (Linux), and the machine's load.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Clock ticks per second of /proc CPU times ($CLK_TCK from `getconf CLK_TCK`, else 100). */
export const CLK_TCK = Number(process.env.CLK_TCK || 100);

function statFields(text) {
  // Field 2 (comm) is in parentheses and may contain spaces: split after the last ')'.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const rest = text.slice(close + 2).split(' ');
  // rest[0] is field 3 (state): utime is field 14, stime field 15.
  return { comm, ticks: Number(rest[11]) + Number(rest[12]) };
}

/** `{ t, ticks, rssKb, hwmKb }` of process `pid`, or null when it is gone. */
export function sampleProcess(pid) {
  if (!pid) return null;
  try {
    const { ticks } = statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) || [])[1] || 0);
    return { t: Date.now(), ticks, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** CPU ticks per thread name of process `pid` (threads of one name are added up). */
export function sampleThreads(pid) {
  const out = {};
  if (!pid) return out;
  let tids = [];
  try { tids = readdirSync(`/proc/${pid}/task`); } catch { return out; }
  for (const tid of tids) {
    try {
      const { comm, ticks } = statFields(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
      out[comm] = (out[comm] || 0) + ticks;
    } catch { /* thread ended */ }
  }
  return out;
}

/** Number of running processes named like a compiler (a build competing for the 2 cores). */
export function competingBuilds() {
  let n = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      if (comm === 'rustc' || comm === 'cc1' || comm === 'cc1plus' || comm === 'ld' || comm === 'cargo') n++;
    } catch { /* gone */ }
  }
  return n;
}

export const load1 = () => loadavg()[0];
