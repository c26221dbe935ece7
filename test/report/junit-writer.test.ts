import t from 'tap';
import { XmlDocument } from 'libxml2-wasm';
import { junitXml, xmlAttr, xmlText } from '../../harness/report/junit-writer.ts';
import { everyStatus, runReport } from '../fixtures/case-results.ts';
import { validateJunit as validate } from '../helpers/validate-junit.ts';

/** Evaluates XPath expressions against the document, then disposes it. */
const query = (xml: string, exprs: string[]): unknown[] => {
  const doc = XmlDocument.fromString(xml);
  try {
    return exprs.map((e) => doc.eval(e));
  } finally {
    doc.dispose();
  }
};

const xml = junitXml(runReport(), { hostname: 'test-host' });

t.test('a report with every status and a load error validates against junit-10.xsd', async (t) => {
  t.equal(validate(xml), null);
});

t.test('the schema check is real: an unknown attribute is rejected', async (t) => {
  t.not(validate(xml.replace('<testsuites ', '<testsuites bogus="1" ')), null);
});

t.test('totals count failures (fail, unexpected pass), errors (trouble and load errors) and tests', async (t) => {
  const [tests, failures, errors, time, cases] = query(xml, [
    'string(/testsuites/@tests)', 'string(/testsuites/@failures)', 'string(/testsuites/@errors)', 'string(/testsuites/@time)', 'count(//testcase)',
  ]);
  t.equal(tests, String(everyStatus().length + 1));
  t.equal(failures, '2');
  t.equal(errors, '4');
  t.equal(time, '1.235');
  t.equal(cases, everyStatus().length + 1);
});

t.test('one suite per runtime column and family (results without one ran over ipv4), with platform properties, and one for load errors', async (t) => {
  const [names, nodeTests, nodeSkipped, denoSkipped, props, hostname, stamp, loadType, python] = query(xml, [
    'count(/testsuites/testsuite)',
    'string(//testsuite[@name="sockspec [node, ipv4]"]/@tests)',
    'string(//testsuite[@name="sockspec [node, ipv4]"]/@skipped)',
    'string(//testsuite[@name="sockspec [deno, ipv4]"]/@skipped)',
    'count(//testsuite[@name="sockspec [node, ipv4]"]/properties/property)',
    'string(//testsuite[@name="sockspec [node, ipv4]"]/@hostname)',
    'string(//testsuite[@name="sockspec [node, ipv4]"]/@timestamp)',
    'string(//testsuite[@name="sockspec [load]"]/testcase/error/@type)',
    'string(//testsuite[@name="sockspec [python]"]/properties/property[@name="runtime unavailable"]/@value)',
  ]);
  t.equal(names, 6, 'node, deno, node@pauseOnConnect, c, python (ran nothing), load');
  t.equal(nodeTests, '4', 'pass, fail, unexpected-pass, timeout');
  t.equal(nodeSkipped, '0');
  t.equal(denoSkipped, '1');
  t.equal(props, 9, 'runtime, family, runtime version, os, os release, arch, node, isolation, capture');
  t.equal(hostname, 'test-host');
  t.equal(stamp, '2025-01-02T03:04:05.678Z');
  t.equal(loadType, 'load');
  t.match(python, /^python3 not found quote " apostrophe/);
});

t.test('each status maps to its JUnit element', async (t) => {
  const at = (name: string): string => `//testcase[@name="${name}"]`;
  const [failType, failMsg, upType, crashType, timeoutType, errorType, skipMsg, divOut, divFail, classname, time] = query(xml, [
    `string(${at('close/all-read-sends-fin [node]')}/../testcase[starts-with(@name, "close/unread-data-sends-rst [node] quote")]/failure/@type)`,
    `string(//testcase[starts-with(@name, "close/unread-data-sends-rst [node] quote")]/failure/@message)`,
    `string(${at('write/epipe-on-second-write [node]')}/failure/@type)`,
    `string(${at('rst/never-acknowledged [c]')}/error/@type)`,
    `string(${at('halfopen/peer-vanished [node]')}/error/@type)`,
    `string(${at('connect/refused-closed-port [c]')}/error/@type)`,
    `string(${at('close/abortive-linger-zero [deno]')}/skipped/@message)`,
    `string(${at('close/unread-data-sends-rst [node pauseOnConnect]')}/system-out)`,
    `count(${at('close/unread-data-sends-rst [node pauseOnConnect]')}/failure)`,
    `string(${at('close/all-read-sends-fin [node]')}/@classname)`,
    `string(${at('close/all-read-sends-fin [node]')}/@time)`,
  ]);
  t.equal(failType, 'fail');
  t.equal(failMsg, 'at step 6 (client reads the reset): wanted EOF … found ECONNRESET (read)');
  t.equal(upType, 'unexpected-pass');
  t.equal(crashType, 'crash');
  t.equal(timeoutType, 'timeout');
  t.equal(errorType, 'error');
  t.equal(skipMsg, 'Deno has no SO_LINGER # really {');
  t.match(divOut, /^divergence \(documented\): Node reads eagerly: FIN, not RST quote " apostrophe[^]*\nsource: https:\/\/github\.com\/nodejs\/node\/issues\/1\n[^]*1 client send "hello" → ok bytes=5/);
  t.equal(divFail, 0, 'a divergence is a passing testcase');
  t.equal(classname, 'close');
  t.equal(time, '0.012');
});

t.test('the failure body is the full diagnostic, and newlines in attributes survive', async (t) => {
  const [body, message] = query(xml, [
    'string(//testcase[starts-with(@name, "close/unread-data-sends-rst [node] quote")]/failure)',
    'string(//testsuite[@name="sockspec [load]"]/testcase/error/@message)',
  ]);
  t.match(body, /status: fail\nat: step 6 \(client reads the reset\)\nwanted: EOF\nfound: ECONNRESET \(read\)\nfailures:\n/);
  t.match(body, /steps:\n {2}- 1 client send[^\n]*\n {2}- 6 client recv \(client reads the reset\) → ECONNRESET \(read\) \(0\.04 ms\) ✗ wanted EOF/);
  t.match(message, /dash\nsecond line\ttab ✓ ünï 😀 nul\\u0000 bell\\u0007/);
});

t.test('escaping: markup characters, and characters XML 1.0 cannot carry at all', async (t) => {
  t.equal(xmlText('a < b & c > d'), 'a &lt; b &amp; c &gt; d');
  t.equal(xmlAttr('"x"\n\t\r'), '&quot;x&quot;&#10;&#9;&#13;');
  t.equal(xmlText('nul\u0000 vt\u000b ff\u000c fffe\ufffe lone\ud800 ok\ud83d\ude00'), 'nul\\u0000 vt\\u000b ff\\u000c fffe\\ufffe lone\\ud800 ok😀');
  t.equal(xmlText(']]>'), ']]&gt;');
});

t.test('an empty run is still a valid document', async (t) => {
  const empty = junitXml(runReport([], { loadErrors: [], runtimes: [] }), { hostname: 'h' });
  t.equal(validate(empty), null);
  t.match(empty, /<testsuites name="sockspec" tests="0" failures="0" errors="0" time="1\.235">/);
});

t.test('a column run over both families is a suite per family, each with its family property; the testcases keep their names', async (t) => {
  const base = everyStatus().filter((r) => r.runtime === 'node' && r.variant === null);
  const v6 = base.map((r) => ({ ...r, family: 'ipv6' as const, name: r.name.replace('[node]', '[node, ipv6]') }));
  const both = junitXml(runReport([...base, ...v6]), { hostname: 'h' });
  t.equal(validate(both), null);
  const [v4Tests, v6Tests, v6Family, v4Family, v6Case, v6InV4] = query(both, [
    'string(//testsuite[@name="sockspec [node, ipv4]"]/@tests)',
    'string(//testsuite[@name="sockspec [node, ipv6]"]/@tests)',
    'string(//testsuite[@name="sockspec [node, ipv6]"]/properties/property[@name="family"]/@value)',
    'string(//testsuite[@name="sockspec [node, ipv4]"]/properties/property[@name="family"]/@value)',
    'count(//testsuite[@name="sockspec [node, ipv6]"]/testcase[contains(@name, ", ipv6]")])',
    'count(//testsuite[@name="sockspec [node, ipv4]"]/testcase[contains(@name, ", ipv6]")])',
  ]);
  t.equal(v4Tests, String(base.length));
  t.equal(v6Tests, String(base.length));
  t.equal(v6Family, 'ipv6');
  t.equal(v4Family, 'ipv4', 'the control: the other suite says ipv4');
  t.equal(v6Case, base.length);
  t.equal(v6InV4, 0, 'no ipv6 run in the ipv4 suite');
});
