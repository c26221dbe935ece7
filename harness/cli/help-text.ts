// The --help text, kept beside the parser it describes.
import { netNames } from '../net/nets/index.ts';

/** Usage, options and exit codes. */
export const helpText = (reporters: string[], runtimes: string[], nets: string[] = netNames()): string => `Usage: sockspec [options] [case ...]
       sockspec doc [--results FILE]... [--out FILE] [--check]   the Markdown semantics reference
       sockspec merge <results.json | report folder> ... [--out DIR] [--expect CELLS]   one report from several runs

Runs the TCP semantics suite on this machine with real processes and sockets, and writes
results.tap, junit.xml and results.json to the report folder.

Cases are ids (close/unread-data-sends-rst), groups (close) or globs (close/*, **/*rst*).
A folder or file that exists is your own cases instead of the built-in ones: ./cases runs every
.ts, .mts, .js and .mjs file under it (ids from their paths under it: ./cases/g/x.ts is g/x),
./cases/g/x.ts that file alone. <runtime>.expectations.ts beside them states a runtime's
divergences, keyed by case path from its folder (export default defineExpectations({ ... })).

Options:
  -g, --grep RE          only cases whose id or description matches RE
  -f, --fast             leave out cases tagged slow (set by kernel timers: SYN retries, retransmissions)
  -r, --runtime a,b      runtimes to run (default: all: ${runtimes.join(', ') || 'none'}); each NAME,
                         NAME@VERSION (node@22), NAME@PATH (node@/opt/node22/bin/node) or NAME@*
                         (every version found here), each version its own column; NAME:PROGRAM
                         runs one program or variant of it alone (rust:tokio, bun:bun-api)
      --pair S:C         run the server in runtime S and the client in C (repeatable), e.g. node:python
      --family F,G       address families every case runs over: ipv4, ipv6 (default: ipv4,ipv6);
                         loopback 127.0.0.1 or ::1, two hosts 192.0.2.1/.2 or 2001:db8::1/::2; each
                         run is named with its family: close/x [node, ipv6]
      --net N,M          nets every case runs on: ${nets.join(', ')} (default: kernel); a run on
                         another net than kernel is named with it: close/x [c, ipv4, mptcp]
      --list-runtimes    show every runtime and version found here, and why any is missing
      --list-nets        show every net, whether it can run here, and why not
  -j, --jobs N           cases run at once (default: the core count)
      --timer-jobs N     besides those, runs waiting on a kernel timer at once (slow cases, long
                         inherent waits): each takes a job slot only to start (default: 4 x jobs;
                         0: they hold their job slot throughout)
      --agents-ahead N   cases whose agents are started, to their hello, in their namespaces while
                         earlier cases run (default: jobs; 0: each case starts its own)
      --repeat N         run every case N times (flake hunting): a case whose outcome changes
                         between its runs is reported as a failure of its own, naming the runs
  -o, --out DIR          report folder (default: reports); one run at a time uses a folder
      --failed           rerun only the runs that were unexpected in the last run's results.json
                         in --out (each case on its runtime column and variant), as the run's
                         closing line suggests
  -R, --reporter NAME    terminal output: ${reporters.join(', ')} (default: progress on a terminal, else tap)
  -l, --list             list the selected cases and runtimes, run nothing
  -t, --timeout MS       one time budget per case: every request, harness step and quiet period
                         ends by it (default 15000)
      --step-timeout MS  limit for one step's wait (default 2000)
      --keep-pcaps       keep the pcap of every case, not only of failing ones
      --no-isolate       do not give each case its own network namespace (no capture then)
      --color, --no-color  force colour on or off (NO_COLOR and FORCE_COLOR are respected)
      --agents-dir DIR   another folder of runtimes (DIR/<name>/adapter.ts, repeatable); one named
                         like a built-in (c, node...) stands in for it, with its expectations.ts
      --suites DIR       case folder(s) to use instead of the built-in suites/ (repeatable)
      --catalogue        also run the built-in cases beside the folders and files given
  -h, --help             this text
  -v, --version          the version

Exit codes: 0 every result as expected (pass, documented divergence, skip); 1 an unexpected
result (fail, unexpected pass, agent error/crash/timeout) or a case file that did not load;
2 bad usage (or the report folder in use by another run); 3 the reports could not be written;
130 interrupted.
`;
