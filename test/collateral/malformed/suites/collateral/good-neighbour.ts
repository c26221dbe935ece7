// collateral: {"note":"runs beside bad-keys.ts: a malformed file must not stop the others"}
import { defineCase } from '../../../../../harness/index.ts';

export default defineCase(import.meta, {
  description: 'A valid case beside a malformed one still runs',
  spec: ['RFC 9293 §3.5'],
  steps: [
    { role: 'server', op: 'listen', as: 'l' },
    { role: 'client', op: 'connect', as: 'c', to: 'l', label: 'client connects', expect: { ok: true } },
  ],
});
