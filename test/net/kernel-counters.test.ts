// Parsing the paired header/value lines of /proc/net/{netstat,snmp}, and reading them per namespace.
import { execa } from 'execa';
import t from 'tap';
import { parseNetstat, readCounters } from '../../harness/net/kernel-counters.ts';
import { createNamespace } from '../../harness/net/namespace.ts';

// Shaped like Linux 6.x's files (fewer columns): one header line, then one value line, per group.
const NETSTAT = [
  'TcpExt: SyncookiesSent SyncookiesRecv EmbryonicRsts TW DelayedACKs TCPAbortOnData TCPChallengeACK TCPSYNChallenge TCPSynRetrans',
  'TcpExt: 0 0 2 2331 714 355 7 1 40',
  'IpExt: InNoRoutes InTruncatedPkts InOctets OutOctets InNoECTPkts',
  'IpExt: 0 0 1101325648 685300045 59293',
  '',
].join('\n');

const SNMP = [
  'Ip: Forwarding DefaultTTL InReceives InHdrErrors OutRequests',
  'Ip: 2 64 59189 0 49899',
  'Icmp: InMsgs InErrors InDestUnreachs OutMsgs OutDestUnreachs',
  'Icmp: 1 0 1 3 3',
  'IcmpMsg: InType3 OutType3',
  'IcmpMsg: 1 3',
  'Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors',
  'Tcp: 1 200 120000 -1 3258 2876 304 1080 0 59078 56407 60 0 1093 0',
  'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors',
  'Udp: 130 0 0 131 0 0 0 0 0',
  '',
].join('\n');

t.test('parseNetstat: netstat groups, each name prefixed with its group', async (t) => {
  t.same(parseNetstat(NETSTAT), {
    TcpExtSyncookiesSent: 0, TcpExtSyncookiesRecv: 0, TcpExtEmbryonicRsts: 2, TcpExtTW: 2331, TcpExtDelayedACKs: 714,
    TcpExtTCPAbortOnData: 355, TcpExtTCPChallengeACK: 7, TcpExtTCPSYNChallenge: 1, TcpExtTCPSynRetrans: 40,
    IpExtInNoRoutes: 0, IpExtInTruncatedPkts: 0, IpExtInOctets: 1101325648, IpExtOutOctets: 685300045, IpExtInNoECTPkts: 59293,
  });
});

t.test('parseNetstat: snmp groups, negative values, and names that only the group prefix tells apart', async (t) => {
  const c = parseNetstat(SNMP);
  t.equal(c.TcpRetransSegs, 60);
  t.equal(c.TcpActiveOpens, 3258);
  t.equal(c.TcpOutRsts, 1093);
  t.equal(c.TcpMaxConn, -1, 'MaxConn is -1 (no limit)');
  t.equal(c.IpInReceives, 59189);
  t.equal(c.IcmpOutDestUnreachs, 3);
  t.equal(c.IcmpMsgOutType3, 3);
  t.equal(c.UdpInDatagrams, 130);
  t.equal(c.UdpInCsumErrors, 0);
  t.equal(c.TcpInCsumErrors, 0, 'Tcp and Udp both have InCsumErrors, kept apart by the group');
  t.equal(Object.keys(c).length, 5 + 5 + 2 + 15 + 9, 'one entry per column, nothing else');
  t.ok(Object.values(c).every((v) => Number.isInteger(v)), 'every value is a number');
});

t.test('parseNetstat: empty text has no counters', async (t) => {
  t.same(parseNetstat(''), {});
  t.same(parseNetstat('\n'), {});
});

t.test('readCounters: our own namespace has the counters cases rely on', { skip: process.platform !== 'linux' && '/proc/<pid>/net is Linux-only' }, async (t) => {
  const c = await readCounters(process.pid);
  t.type(c.TcpExtTCPChallengeACK, 'number');
  t.type(c.TcpRetransSegs, 'number');
  t.ok(Number.isInteger(c.TcpExtTCPChallengeACK) && Number.isInteger(c.TcpRetransSegs), 'integers, not NaN');
  t.ok('TcpActiveOpens' in c && 'IpExtInOctets' in c, 'both files are read (snmp and netstat)');
});

t.test('readCounters: a namespace holder\'s pid reads that namespace\'s own, fresh counters', {
  skip: (process.platform !== 'linux' || process.getuid?.() !== 0) && 'a namespace of our own needs root on Linux',
}, async (t) => {
  const ns = await createNamespace();
  if ('unavailable' in ns) throw new Error(`no namespace: ${ns.reason}`);
  t.teardown(() => ns.close());
  const fresh = await readCounters(ns.holderPid);
  t.match(fresh, { TcpActiveOpens: 0, TcpAttemptFails: 0, TcpInSegs: 0, TcpRetransSegs: 0, TcpExtTCPChallengeACK: 0 }, 'nothing has happened there yet');
  // A connect to a closed port inside: one SYN out, one RST back, the attempt fails.
  const refused = await execa(ns.prefix[0]!, [...ns.prefix.slice(1), process.execPath, '-e',
    "require('node:net').connect(1, '127.0.0.1').on('error', (e) => process.stdout.write(e.code))"], { reject: false });
  t.equal(String(refused.stdout), 'ECONNREFUSED', String(refused.stderr));
  const after = await readCounters(ns.holderPid);
  t.match(after, { TcpActiveOpens: 1, TcpAttemptFails: 1, TcpOutRsts: 1 }, 'exactly the connect made inside is counted');
});
