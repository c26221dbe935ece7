// The floors of the house, bottom up, and which files stand on each: the data the architecture check reads.
// README.md "Architecture" says the same in words; a folder that is on no floor is an error, so a new
// folder is placed here when it is made.

/** Floors, bottom up: an import may point to its own floor or one below, never up. */
export const FLOORS = ['model', 'machinery', 'engine', 'outputs', 'face', 'cases'] as const;
export type Floor = (typeof FLOORS)[number];

/** harness/<folder> → its floor. */
export const HARNESS_FOLDERS: Record<string, Floor> = {
  protocol: 'model', // the control channel's ops as data, and the message types derived from them
  case: 'model', // the case and expectation formats, loading and validating them; ops/: one file per harness op
  result: 'model', // the one result shape, and what every report agrees on (counts, segment text)
  verdict: 'model', // checking an expectation: steps, wire rules, which divergences apply, the verdict
  channel: 'machinery', // the control channel: the harness's end (agent processes) and the TS agents' shared end
  capture: 'machinery', // packet capture and pcap decoding
  net: 'machinery', // namespaces, hosts, firewall, injection, kernel counters, sockets
  toolchain: 'machinery', // compiling and caching agents and helpers; the spawner that starts processes
  adapters: 'machinery', // finding runtimes and their versions, joining their expectations
  engine: 'engine', // one case, the schedule, the run
  report: 'outputs', // TAP, JUnit, JSON, HTML, terminal reporters
  reference: 'outputs', // the Markdown semantics reference
  merge: 'outputs', // one report from several runs
  cli: 'face', // the sockspec command and its subcommands
  bench: 'face', // npm run bench
};

/**
 * Files outside harness/<folder>/: the entry point people import (above the CLI, so a case file run
 * alone can start it), the one runtime authors import (runtime-api.ts), the bin script, the cases, and each runtime's folder: its adapter (and the modules it
 * uses) is machinery, its expectations are data of the model, its TypeScript agent programs (agent.ts,
 * native-agent.ts) a world of their own (below).
 */
export const floorOfOther = (file: string): Floor | 'agent' | null => {
  if (file === 'harness/index.ts' || file === 'harness/runtime-api.ts' || file.startsWith('bin/')) return 'face';
  if (file.startsWith('suites/')) return 'cases';
  const rt = /^runtimes\/[^/]+\/(.+)$/.exec(file);
  if (rt === null) return null;
  if (rt[1] === 'expectations.ts' || rt[1]!.startsWith('expectations/')) return 'model';
  // Agent programs are named so (agent.ts, native-agent.ts); the adapter's other modules are machinery.
  if (/(^|\/|-)agent\.[cm]?[jt]s$/.test(rt[1]!)) return 'agent';
  return 'machinery';
};

/**
 * What an agent program may import besides its own runtime's folder: it runs in another process (and
 * in Deno or Bun, not only Node), so nothing of the harness but the protocol and the control channel.
 */
export const AGENT_MAY_IMPORT = ['harness/protocol/', 'harness/channel/'];
