// The kernel's TCP counters (what nstat shows) of one namespace, read from /proc/<pid>/net: no process to spawn.
import { readFile } from 'node:fs/promises';

/** Parses the paired header/value lines of /proc/net/netstat or /proc/net/snmp into "TcpExtName" → value. */
export const parseNetstat = (text: string): Record<string, number> => {
  const out: Record<string, number> = {};
  const lines = text.split('\n').filter(Boolean);
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const [prefix, ...names] = lines[i]!.split(/\s+/);
    const values = lines[i + 1]!.split(/\s+/).slice(1);
    const group = prefix!.replace(/:$/, '');
    names.forEach((name, j) => { out[`${group}${name}`] = Number(values[j]); });
  }
  return out;
};

/** Every counter of the namespace that process `pid` is in (TcpExtTCPChallengeACK, TcpRetransSegs, ...). */
export const readCounters = async (pid: number): Promise<Record<string, number>> => {
  const [netstat, snmp] = await Promise.all([
    readFile(`/proc/${pid}/net/netstat`, 'utf8'),
    readFile(`/proc/${pid}/net/snmp`, 'utf8'),
  ]);
  return { ...parseNetstat(snmp), ...parseNetstat(netstat) };
};
