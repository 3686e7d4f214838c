import fs from 'node:fs';

/** A memory figure of a process from /proc/<pid>/status (Linux), in KiB; null where not available. */
export function processStatusKiB(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number | null {
  if (!pid) return null;
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** Resident memory of a process in MiB; null where /proc is not available. */
export function residentMiB(pid: number | undefined): number | null {
  const kib = processStatusKiB(pid, 'VmRSS');
  return kib === null ? null : Math.round(kib / 102.4) / 10;
}
