import { connected, defineCase } from '../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Negative control of close/unread-data-sends-rst: a server that read everything closes with FIN; the peer reads a clean EOF and nobody sends RST',
  spec: ['RFC 9293 §3.6 (closing a connection)', 'RFC 9293 §3.6.1'],
  tags: ['close', 'control'],
  steps: [
    ...connected(),
    { role: 'client', op: 'send', sock: 'c', data: 'all of it' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 9, label: 'server reads everything', expect: { data: 'all of it' } },
    { role: 'server', op: 'close', sock: 's', label: 'server closes with nothing unread' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads a clean EOF', expect: { eof: true } },
    { role: 'client', op: 'close', sock: 'c', label: 'client closes too' },
  ],
  wire: [
    { rule: 'present', segment: { from: 'server', flags: ['FIN'] }, why: 'an orderly close' },
    { rule: 'present', segment: { from: 'client', flags: ['FIN'] }, why: 'FIN both ways' },
    { rule: 'absent', segment: { from: 'server', flags: ['RST'] } },
    { rule: 'absent', segment: { from: 'client', flags: ['RST'] } },
  ],
  wrongPeer: { role: 'server', mode: 'close-aborts', why: 'a server that aborts (SO_LINGER 0) resets instead' },
});
