// collateral: {"runtime":"wrong-peer:c","env":{"SOCKSPEC_WRONG_PEER":"close-drains"},"exit":1,"statuses":{"collateral/reset-expected":"fail"},"at":"step 6 (client reads the reset)","wanted":"ECONNRESET","found":"EOF","pcapKept":true}
import { defineCase } from '../../../../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Close with unread data, against a server that drains before closing: must be not ok, wanted ECONNRESET, found EOF',
  spec: ['RFC 9293 §3.6.1'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's' },
    { role: 'client', op: 'send', sock: 'c', data: 'unread' },
    { role: 'server', op: 'close', sock: 's' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads the reset', expect: { error: 'ECONNRESET' } },
  ],
  wire: [{ rule: 'present', segment: { from: 'server', flags: ['RST'] } }],
});
