// Writes the OCI config.json that runs one agent under runsc: the host's root read-only, in the case's network namespace.
import { writeFileSync } from 'node:fs';

const [out, netns, cwd, ...args] = process.argv.slice(2);
const caps = ['CAP_AUDIT_WRITE', 'CAP_KILL', 'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW'];
const config = {
  ociVersion: '1.0.0',
  process: {
    user: { uid: process.getuid(), gid: process.getgid() },
    args,
    env: Object.entries(process.env).map(([k, v]) => `${k}=${v}`),
    cwd,
    capabilities: { bounding: caps, effective: caps, permitted: caps },
    noNewPrivileges: true,
  },
  root: { path: '/', readonly: true },
  hostname: 'gvisor',
  mounts: [
    { destination: '/proc', type: 'proc', source: 'proc' },
    { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
  ],
  linux: { namespaces: [{ type: 'pid' }, { type: 'network', path: netns }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }] },
};
writeFileSync(out, JSON.stringify(config));
