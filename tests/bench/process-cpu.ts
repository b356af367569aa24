// CPU time of Chromium, from /proc: every process descended from this Node process, and the
// renderer's threads one by one, so the browser bench can say which part of the browser a
// page's cost lands in (tests/bench/browser-bench.ts). Linux only, like the bench.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const CLOCK_TICKS =
  Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;

/** Where CPU goes: renderer threads by name, other processes by their --type. */
export const ROLES = [
  'page main thread',
  'worker thread',
  'renderer IO thread',
  'renderer compositor',
  'renderer thread pool',
  'renderer other',
  'network service',
  'gpu process',
  'browser process',
  'other',
] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface CpuSample {
  /** Clock ticks (utime + stime) per process or renderer thread, keyed "pid" or "pid/tid". */
  chromium: Map<string, { ticks: number; role: ProcessRole }>;
  /** Busy clock ticks of the whole machine, all cores, without steal. */
  machine: number;
  /** Ticks the hypervisor gave this VM's cores to someone else (steal): no process's. */
  steal: number;
  /** This Node process (the relay and the driver), µs. */
  node: number;
}

function statTicks(path: string): { ppid: number; ticks: number } | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null; // gone between the listing and the read
  }
  // Fields after "pid (comm) ": state ppid ... utime (14th field) stime (15th).
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** The role of a whole process; 'renderer other' means "split by thread". */
function processRole(pid: number): ProcessRole {
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return 'other';
  }
  // Chromium rewrites its command line with spaces, not NULs, in child processes.
  const type = /--type=([^\s\0]+)/.exec(cmdline)?.[1];
  if (type === undefined) return 'browser process';
  if (type === 'renderer') return 'renderer other';
  if (type === 'gpu-process') return 'gpu process';
  if (type === 'utility' && cmdline.includes('NetworkService')) return 'network service';
  return 'other';
}

/** A renderer thread's role: the main thread has tid = pid, the others go by name. */
function threadRole(pid: string, tid: string, comm: string): ProcessRole {
  if (tid === pid) return 'page main thread';
  if (comm.startsWith('DedicatedWorker')) return 'worker thread';
  if (comm.startsWith('Chrome_ChildIO')) return 'renderer IO thread';
  if (comm.startsWith('Compositor')) return 'renderer compositor';
  if (comm.startsWith('ThreadPool')) return 'renderer thread pool';
  return 'renderer other';
}

function rendererThreads(pid: number, sample: CpuSample['chromium']): void {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return;
  }
  for (const tid of tids) {
    const stat = statTicks(`/proc/${pid}/task/${tid}/stat`);
    if (stat === null) continue;
    let comm = '';
    try {
      comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    sample.set(`${pid}/${tid}`, { ticks: stat.ticks, role: threadRole(String(pid), tid, comm) });
  }
}

const roles = new Map<number, ProcessRole>();

export function sampleCpu(): CpuSample {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = statTicks(`/proc/${name}/stat`);
    if (stat === null) continue;
    parents.set(Number(name), stat.ppid);
    ticks.set(Number(name), stat.ticks);
  }
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid) ?? [];
    list.push(pid);
    children.set(ppid, list);
  }
  const chromium: CpuSample['chromium'] = new Map();
  const queue = [...(children.get(process.pid) ?? [])];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    queue.push(...(children.get(pid) ?? []));
    let role = roles.get(pid);
    if (role === undefined) roles.set(pid, (role = processRole(pid)));
    if (role === 'renderer other') rendererThreads(pid, chromium);
    else chromium.set(String(pid), { ticks: ticks.get(pid) ?? 0, role });
  }
  // /proc/stat's first line: "cpu user nice system idle iowait irq softirq steal ...", ticks.
  const stat = readFileSync('/proc/stat', 'utf8');
  const fields = stat.slice(4, stat.indexOf('\n')).trim().split(/\s+/).map(Number);
  const machine = [0, 1, 2, 5, 6].reduce((sum, field) => sum + (fields[field] ?? 0), 0);
  const { user: nodeUser, system: nodeSystem } = process.cpuUsage();
  return { chromium, machine, steal: fields[7] ?? 0, node: nodeUser + nodeSystem };
}

export interface CpuUse {
  /** Chromium's CPU seconds by role; processes and threads that ended are lost. */
  byRole: Record<ProcessRole, number>;
  /** CPU seconds of everything else on the machine except this Node process. */
  others: number;
  /**
   * CPU seconds the hypervisor took from this VM. Counted apart: no process here used them,
   * but the browser waited for them, so a run with much steal is a run on a busy host.
   */
  steal: number;
}

export const totalOf = (byRole: Record<ProcessRole, number>): number =>
  ROLES.reduce((sum, role) => sum + byRole[role], 0);

export function cpuBetween(before: CpuSample, after: CpuSample): CpuUse {
  const byRole = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<ProcessRole, number>;
  for (const [key, { ticks, role }] of after.chromium) {
    const delta = ticks - (before.chromium.get(key)?.ticks ?? 0);
    if (delta > 0) byRole[role] += delta / CLOCK_TICKS;
  }
  const machine = (after.machine - before.machine) / CLOCK_TICKS;
  const node = (after.node - before.node) / 1e6;
  const steal = (after.steal - before.steal) / CLOCK_TICKS;
  return { byRole, others: Math.max(0, machine - node - totalOf(byRole)), steal };
}
