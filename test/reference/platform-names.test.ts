import t from 'tap';
import { comparePlatforms, labelName, osOfLabel, platformName } from '../../harness/reference/platform-names.ts';

t.test('platformName: an OS key as divergences name it', async (t) => {
  t.equal(platformName('darwin'), 'macOS (darwin)');
  t.equal(platformName('win32'), 'Windows (win32)');
  t.equal(platformName('plan9'), 'plan9');
});

t.test('labelName and osOfLabel: a merged run\'s label', async (t) => {
  t.equal(labelName('linux'), 'Linux');
  t.equal(labelName('linux 6.8.0-1017-azure'), 'Linux 6.8.0-1017-azure');
  t.equal(labelName('freebsd 14.1 #2'), 'FreeBSD 14.1 #2');
  t.equal(labelName('plan9 4'), 'plan9 4');
  t.equal(osOfLabel('linux 6.8.0 #2'), 'linux');
});

t.test('comparePlatforms: Linux first, then macOS, Windows, FreeBSD, others; by label within an OS', async (t) => {
  t.same(['plan9', 'win32', 'linux 6.9', 'darwin', 'freebsd', 'linux 6.8'].sort(comparePlatforms), ['linux 6.8', 'linux 6.9', 'darwin', 'win32', 'freebsd', 'plan9']);
});
