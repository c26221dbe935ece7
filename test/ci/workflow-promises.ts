// What the CI workflow promises beyond what actionlint checks, as a function of the parsed workflow and
// package.json, so each promise can be shown to fail on a workflow that breaks it.

/** The parts of a workflow step, job and file the promises read (yaml's parse of sockspec.yml). */
export interface Step { uses?: string; run?: string; if?: string; name?: string; with?: Record<string, unknown> }
/** A job of the workflow. */
export interface Job { 'timeout-minutes'?: number; 'runs-on': string; steps: Step[]; strategy?: { matrix?: Record<string, unknown> }; needs?: string | string[]; if?: string; env?: Record<string, string> }
/** The workflow file. */
export interface Workflow { permissions: unknown; jobs: Record<string, Job> }
/** What the promises read of package.json: the pinned Deno and Bun. */
export interface PackageJson { optionalDependencies?: Record<string, string> }

/** The Node.js LTS lines that run the harness and are measured as node@ columns (Node 20's end of life was April 2026). */
export const NODE_LTS = ['22', '24'];

/**
 * The current major of every action used, each read from its repository when this was written (the
 * highest tag vN; setup-deno's branch v2): a pin to a major that does not exist fails the job at its
 * first step, and the older ones this workflow had (checkout v4, setup-python v5, ...) ran on node20.
 */
export const CURRENT_MAJORS: Record<string, number> = {
  'actions/cache': 5, 'actions/checkout': 7, 'actions/setup-node': 7, 'actions/setup-python': 7, 'actions/setup-go': 7, 'actions/setup-java': 5,
  'actions/upload-artifact': 7, 'actions/download-artifact': 8, 'denoland/setup-deno': 2, 'oven-sh/setup-bun': 2,
};

const using = (job: Job, action: string): Step[] => job.steps.filter((s) => s.uses?.startsWith(`${action}@`) === true);
const where = (name: string, step: Step): string => `jobs.${name} ${step.name ?? step.uses ?? 'step'}`;

/** Actions pinned to their current major; every upload overwrites (a re-run's 409 Conflict otherwise) and runs whatever happened. */
const actionProblems = (jobs: [string, Job][]): string[] => jobs.flatMap(([name, job]) => job.steps.flatMap((step) => {
  if (step.uses === undefined) return [];
  const [action, ref] = step.uses.split('@') as [string, string | undefined];
  const out: string[] = [];
  const major = CURRENT_MAJORS[action];
  if (major === undefined) out.push(`${where(name, step)}: Expected an action whose current major is known (${Object.keys(CURRENT_MAJORS).join(', ')}), got ${step.uses}`);
  else if (ref !== `v${major}`) out.push(`${where(name, step)}: Expected ${action}@v${major} (its current major), got ${step.uses}`);
  if (action === 'actions/upload-artifact') {
    if (step.with?.overwrite !== true && step.with?.overwrite !== 'true') out.push(`${where(name, step)}: Expected with.overwrite: true (a re-run replaces the artifact), got ${String(step.with?.overwrite)}`);
    if (step.if !== 'always()') out.push(`${where(name, step)}: Expected if: always(), got ${String(step.if)}`);
  }
  return out;
}));

/** Every setup-node installs an LTS line; the self-tests run on each; the node cell measures each as a column. */
const nodeProblems = (w: Workflow): string[] => {
  const out: string[] = [];
  for (const [name, job] of Object.entries(w.jobs)) {
    for (const step of using(job, 'actions/setup-node')) {
      const v = String(step.with?.['node-version']);
      const values = v === '${{ matrix.node }}' ? ((job.strategy?.matrix?.node as unknown[]) ?? []).map(String) : [v];
      for (const x of values) if (!NODE_LTS.includes(x)) out.push(`${where(name, step)}: Expected node-version to be an LTS line (${NODE_LTS.join(' or ')}), got ${x}`);
    }
  }
  const selfTest = ((w.jobs['self-test']?.strategy?.matrix?.node as unknown[]) ?? []).map(String);
  if (selfTest.join() !== NODE_LTS.join()) out.push(`jobs.self-test.strategy.matrix.node: Expected every LTS line [${NODE_LTS.join(', ')}], got [${selfTest.join(', ')}]`);
  const suite = w.jobs.suite;
  const installed = suite === undefined ? [] : using(suite, 'actions/setup-node').map((s) => String(s.with?.['node-version']));
  if ([...installed].sort().join() !== NODE_LTS.join()) out.push(`jobs.suite: Expected setup-node to install every LTS line for the node cell (${NODE_LTS.join(', ')}), got ${installed.join(', ')}`);
  const selected = `matrix.runtime == 'node' && '${NODE_LTS.map((v) => `node@${v}`).join(',')}'`;
  if (!(suite?.steps ?? []).some((s) => s.run?.includes(selected))) out.push(`jobs.suite: Expected the node cell to run --runtime ${NODE_LTS.map((v) => `node@${v}`).join(',')}, got no run step with \`${selected}\``);
  return out;
};

/** Deno and Bun: package.json pins an exact version, and the setup actions (Windows) install that very version. */
const pinProblems = (w: Workflow, pkg: PackageJson): string[] => {
  const out: string[] = [];
  for (const [rt, action, input] of [['deno', 'denoland/setup-deno', 'deno-version'], ['bun', 'oven-sh/setup-bun', 'bun-version']] as const) {
    const pinned = pkg.optionalDependencies?.[rt];
    if (pinned === undefined || !/^\d+\.\d+\.\d+$/.test(pinned)) out.push(`package.json optionalDependencies.${rt}: Expected an exact version (1.2.3), got ${String(pinned)}`);
    for (const [name, job] of Object.entries(w.jobs)) {
      for (const step of using(job, action)) {
        const v = String(step.with?.[input]);
        if (v.replace(/^v/, '') !== pinned) out.push(`${where(name, step)}: Expected ${input} ${String(pinned)} (package.json optionalDependencies.${rt}), got ${v}`);
        if (step.if !== `matrix.runtime == '${rt}' && runner.os == 'Windows'`) out.push(`${where(name, step)}: Expected if: matrix.runtime == '${rt}' && runner.os == 'Windows' (elsewhere npm's ${rt} runs), got ${String(step.if)}`);
      }
    }
  }
  return out;
};

/** The merge job expects every cell of the matrix, read from the workflow itself. */
const mergeProblems = (w: Workflow): string[] => {
  const run = (w.jobs.merge?.steps ?? []).map((s) => s.run ?? '').join('\n');
  return /cells="\$\(node \.github\/expected-cells\.mjs\)"\n\s*npx sockspec merge artifacts\/\* --expect "\$cells" /.test(run) ? [] :
    [`jobs.merge: Expected \`cells="$(node .github/expected-cells.mjs)"\` then \`npx sockspec merge artifacts/* --expect "$cells" ...\`, got ${JSON.stringify(run)}`];
};

/** Every broken promise, each naming where and what was wanted; none means the workflow keeps them all. */
export const workflowProblems = (w: Workflow, pkg: PackageJson): string[] =>
  [...actionProblems(Object.entries(w.jobs)), ...nodeProblems(w), ...pinProblems(w, pkg), ...mergeProblems(w)];
