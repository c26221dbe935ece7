// collateral: {"runtime":"crash","exit":1,"statuses":{"collateral/agent-dies":"crash"},"reason":"exited with code 3"}
import { defineCase } from '../../../../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A case run on a misbehaving agent: harness trouble, never a semantics verdict',
  spec: ['harness/protocol/PROTOCOL.md'],
  stepTimeoutMs: 300,
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l' },
    { role: 'server', op: 'accept', sock: 'l', as: 's' },
    { role: 'client', op: 'recv', sock: 'c', label: 'client reads', expect: { eof: true } },
  ],
});
