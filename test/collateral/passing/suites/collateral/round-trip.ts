// collateral: {"runtime":"c","exit":0,"statuses":{"collateral/round-trip":"pass"}}
import { defineCase } from '../../../../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'Bytes sent by the client arrive at the server unchanged (a case that must pass)',
  spec: ['RFC 9293 §3.9.1'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's' },
    { role: 'client', op: 'send', sock: 'c', data: 'ping' },
    { role: 'server', op: 'recvAll', sock: 's', bytes: 4, label: 'server reads the bytes', expect: { data: 'ping' } },
  ],
  wire: [{ rule: 'present', segment: { from: 'client', data: true } }],
});
