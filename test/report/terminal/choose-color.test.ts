// Colour is the flag's, then NO_COLOR's, then FORCE_COLOR's, then the terminal's decision.
import t from 'tap';
import { chooseColor } from '../../../harness/report/terminal/choose-color.ts';

t.test('on a terminal with nothing set: colour; piped: none', async (t) => {
  t.equal(chooseColor({ flag: null, env: {}, tty: true }), true);
  t.equal(chooseColor({ flag: null, env: {}, tty: false }), false);
});

t.test('NO_COLOR with any non-empty value turns colour off, even over FORCE_COLOR; empty is unset', async (t) => {
  for (const value of ['1', '0', 'false', 'anything']) t.equal(chooseColor({ flag: null, env: { NO_COLOR: value }, tty: true }), false, `NO_COLOR=${value}`);
  t.equal(chooseColor({ flag: null, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, tty: true }), false, 'NO_COLOR beats FORCE_COLOR');
  t.equal(chooseColor({ flag: null, env: { NO_COLOR: '' }, tty: true }), true, 'NO_COLOR= (empty) is as if unset');
});

t.test('FORCE_COLOR turns colour on off a terminal, except 0 and false, which turn it off', async (t) => {
  for (const value of ['1', '2', '3', 'true']) t.equal(chooseColor({ flag: null, env: { FORCE_COLOR: value }, tty: false }), true, `FORCE_COLOR=${value}`);
  for (const value of ['0', 'false', 'FALSE']) t.equal(chooseColor({ flag: null, env: { FORCE_COLOR: value }, tty: true }), false, `FORCE_COLOR=${value}`);
  t.equal(chooseColor({ flag: null, env: { FORCE_COLOR: '' }, tty: false }), false, 'FORCE_COLOR= (empty) is as if unset');
});

t.test('--color and --no-color win over everything', async (t) => {
  t.equal(chooseColor({ flag: true, env: { NO_COLOR: '1' }, tty: false }), true, '--color forces colour, NO_COLOR or not');
  t.equal(chooseColor({ flag: false, env: { FORCE_COLOR: '1' }, tty: true }), false, '--no-color forces none');
});
