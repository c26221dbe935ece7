// Windows gets a reason, not a build: the C programs are POSIX-socket programs (the platform is a parameter, so this runs anywhere).
import { existsSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { compileC } from '../../harness/toolchain/compile-c.ts';

const HELLO = '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n';

t.test('on win32 nothing is compiled, and the reason says why', async (t) => {
  const dir = t.testdir({ 'hello.c': HELLO });
  const cacheDir = path.join(dir, 'cache');
  const r = await compileC({ source: path.join(dir, 'hello.c'), name: 'hello', cacheDir, platform: 'win32' });
  t.same(r, { ok: false, reason: 'the C programs use POSIX sockets (sys/socket.h, poll, fcntl), which Windows lacks (it has Winsock): not built on win32' });
  t.notOk(existsSync(cacheDir), 'no compiler was even looked for');
});

t.test('darwin and linux are POSIX: the decision leaves them to the compiler', async (t) => {
  for (const platform of ['darwin', 'linux'] as const) {
    const dir = t.testdir({ 'hello.c': HELLO });
    // A missing $CC is the quickest way to see the build was attempted, whatever compiler is here.
    const saved = process.env.CC;
    process.env.CC = path.join(dir, 'no-such-cc');
    try {
      const r = await compileC({ source: path.join(dir, 'hello.c'), name: 'hello', cacheDir: path.join(dir, 'cache'), platform });
      t.match(r, { ok: false, reason: /^\$CC is ".*no-such-cc", which is not an executable file or on PATH$/ }, platform);
    } finally {
      if (saved === undefined) delete process.env.CC;
      else process.env.CC = saved;
    }
  }
});
