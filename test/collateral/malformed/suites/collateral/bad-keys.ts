// collateral: {"runtime":"c","exit":1,"statuses":{"collateral/good-neighbour":"pass"},"loadError":["bad-keys.ts","`spec`","`descripton`","`steps[0].op`"]}
import { defineCase } from '../../../../../harness/index.ts';

// Deliberately wrong: a misspelt key, no spec reference, an unknown op. Cast past the type
// checker, as a careless author's JavaScript would be.
export default defineCase(import.meta, {
  descripton: 'misspelt',
  steps: [{ role: 'server', op: 'lisen', as: 'l' }],
} as never);
