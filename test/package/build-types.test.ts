// scripts/build-types.ts: which declaration files the exports map asks for, and no declaration promising a value that is not exported.
import t from 'tap';
import { declarationTargets, keepValueExports } from '../../scripts/build-types.ts';

t.test('every source an export points at, with each declaration file named for it', async (t) => {
  const map = declarationTargets({
    '.': { import: { types: './types/index.d.ts', default: './harness/index.ts' }, require: { types: './types/index.d.cts', default: './harness/index.ts' } },
    './runtime': { import: { types: './types/runtime.d.ts', default: './harness/runtime-api.ts' } },
    './package.json': './package.json',
  });
  t.same([...map], [['./harness/index.ts', ['./types/index.d.ts', './types/index.d.cts']], ['./harness/runtime-api.ts', ['./types/runtime.d.ts']]]);
});

t.test('export stays on what the module exports at run time, and comes off the rest', async (t) => {
  const bundle = [
    'export declare const connected: () => AgentStep[];',
    'export declare const agentStep: Schema<AgentStep>;',
    'export declare function defineCase(def: CaseDefinition): MarkedCase;',
    'export type Step = Infer<typeof step>;',
    'export interface Divergence {}',
  ].join('\n');
  t.equal(keepValueExports(bundle, ['connected', 'defineCase']), [
    'export declare const connected: () => AgentStep[];',
    'declare const agentStep: Schema<AgentStep>;',
    'export declare function defineCase(def: CaseDefinition): MarkedCase;',
    'export type Step = Infer<typeof step>;',
    'export interface Divergence {}',
  ].join('\n'), 'types and interfaces are left alone');
  // Negative control: with agentStep among the values, its export is kept (the check is by name, not blanket).
  t.match(keepValueExports(bundle, ['connected', 'defineCase', 'agentStep']), /^export declare const agentStep/m);
});
