// Labels tell merged runs apart only as far as their cells need: the OS, then the kernel release, then #n.
import t from 'tap';
import { cellKey, platformLabels } from '../../harness/merge/platform-labels.ts';

const run = (os: string, release: string, ...cells: string[]) => ({ os, release, cells: new Set(cells) });

t.test('each OS is its own label, and runs of one OS with different runtimes share it (one matrix)', async (t) => {
  t.same(platformLabels([run('linux', '6.8', 'a|c'), run('linux', '6.8', 'a|python'), run('darwin', '24.1', 'a|c'), run('win32', '10.0', 'a|node')]),
    ['linux', 'linux', 'darwin', 'win32']);
});

t.test('runs of one OS that ran the same cell are told apart by release, for every run of that OS', async (t) => {
  t.same(platformLabels([run('linux', '6.8.0-azure', 'a|c'), run('linux', '6.11.0-azure', 'a|c'), run('linux', '6.8.0-azure', 'a|python'), run('darwin', '24.1', 'a|c')]),
    ['linux 6.8.0-azure', 'linux 6.11.0-azure', 'linux 6.8.0-azure', 'darwin']);
});

t.test('the same release twice with a shared cell: numbered in the order given', async (t) => {
  const labels = platformLabels([run('linux', '6.8', 'a|c'), run('linux', '6.8', 'a|c', 'b|c'), run('linux', '6.9', 'a|c')]);
  t.same(labels, ['linux 6.8 #1', 'linux 6.8 #2', 'linux 6.9']);
  t.equal(new Set(labels).size, labels.length, 'unique');
});

t.test('a cell is case, runtime column and variant', async (t) => {
  t.not(cellKey({ id: 'a/b', runtime: 'node', variant: null }), cellKey({ id: 'a/b', runtime: 'node', variant: 'pauseOnConnect' }));
  t.equal(cellKey({ id: 'a/b', runtime: 'node', variant: null }), cellKey({ id: 'a/b', runtime: 'node' }));
});
