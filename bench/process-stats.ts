import fs from 'node:fs';
import { processStatusKiB } from '../lib/runtime/process-memory';

/**
 * CPU time and peak memory of a process and its descendants, read from /proc (Linux): the benchmark
 * reports what each service cost during one scenario, not over its lifetime.
 */
const CLOCK_TICKS = 100; // USER_HZ on every Linux the project supports

function descendants(pid: number): number[] {
  const all = [pid];
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      const children = fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/).map(Number) : []) all.push(...descendants(child));
    }
  } catch {
    // the process has exited
  }
  return all;
}

/** User plus system CPU seconds consumed so far. */
export function cpuSeconds(pid: number): number {
  let total = 0;
  for (const p of descendants(pid)) {
    try {
      // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      // exited between listing and reading
    }
  }
  return total;
}

/** Resets the peak resident set size the kernel tracks (VmHWM), so the next reading covers one scenario. */
export function resetPeakMemory(pid: number): void {
  for (const p of descendants(pid)) {
    try {
      fs.writeFileSync(`/proc/${p}/clear_refs`, '5');
    } catch {
      // not permitted or exited: the reading then covers the process's lifetime
    }
  }
}

/** Peak resident set size in MiB since the last reset. */
export function peakMemoryMiB(pid: number): number {
  const kib = descendants(pid).reduce((total, p) => total + (processStatusKiB(p, 'VmHWM') ?? 0), 0);
  return Math.round(kib / 1024);
}
