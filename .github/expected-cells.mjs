// The cells the suite job's matrix runs, as the artifact names they upload: what the merge job gives
// `sockspec merge --expect`. Read from the workflow file of the very commit that runs (the merge job's
// checkout), so the list and the matrix cannot drift apart: there is one matrix, written once.
// Usage: node .github/expected-cells.mjs [workflow.yml]   (prints the names, comma-separated)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const EXPR = /\$\{\{\s*([^}]*?)\s*\}\}/g;

/** Every combination of the matrix's axes, less its `exclude` entries (GitHub's expansion). */
const combinations = (matrix, where) => {
  if (matrix.include !== undefined) throw new Error(`${where}.include: Expected no include (this script expands axes and exclude only), got ${JSON.stringify(matrix.include)}; write the cell as an axis value or teach expected-cells.mjs include`);
  const axes = Object.entries(matrix).filter(([k]) => k !== 'exclude');
  for (const [k, v] of axes) if (!Array.isArray(v)) throw new Error(`${where}.${k}: Expected a list of values, got ${JSON.stringify(v)}`);
  let cells = [{}];
  for (const [k, values] of axes) cells = cells.flatMap((c) => values.map((v) => ({ ...c, [k]: v })));
  const exclude = matrix.exclude ?? [];
  return cells.filter((c) => !exclude.some((e) => Object.entries(e).every(([k, v]) => c[k] === v)));
};

/** `text` with `${{ matrix.x }}` and `${{ env.X }}` filled in; any other expression is an error naming it. */
const expand = (text, cell, env, where) => String(text).replace(EXPR, (_, expr) => {
  const [scope, key] = expr.split('.');
  if (scope === 'matrix' && key in cell) return String(cell[key]);
  if (scope === 'env' && env[key] !== undefined) return expand(env[key], cell, env, `env.${key}`);
  throw new Error(`${where}: Expected only \${{ matrix.<axis> }} and \${{ env.<name> }} in the artifact name, got \${{ ${expr} }}`);
});

/** The artifact name of every cell of `job` (the name its actions/upload-artifact step gives). */
export const expectedCells = (workflow, job = 'suite') => {
  const where = `jobs.${job}`;
  const j = workflow.jobs?.[job];
  if (j?.strategy?.matrix === undefined) throw new Error(`${where}.strategy.matrix: Expected a matrix, got nothing`);
  const upload = (j.steps ?? []).find((s) => String(s.uses ?? '').startsWith('actions/upload-artifact@'));
  if (upload?.with?.name === undefined) throw new Error(`${where}.steps: Expected an actions/upload-artifact step with a name, got none`);
  const env = { ...workflow.env, ...j.env };
  return combinations(j.strategy.matrix, `${where}.strategy.matrix`).map((cell) => expand(upload.with.name, cell, env, `${where} upload name`));
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? fileURLToPath(new URL('./workflows/sockspec.yml', import.meta.url));
  try {
    process.stdout.write(`${expectedCells(parse(readFileSync(file, 'utf8'))).join(',')}\n`);
  } catch (error) {
    process.stderr.write(`expected-cells: ${file}: ${error.message}\n`);
    process.exitCode = 1;
  }
}
