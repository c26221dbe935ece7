// The host kernel's TCP between two namespaces (or on one namespace's loopback): what every run did before nets.
import { createHosts } from '../hosts.ts';
import type { NetKind } from '../net-kind.ts';

const kernel: NetKind = {
  name: 'kernel',
  summary: "the host kernel's TCP (net/ipv4/tcp*.c), on a namespace's loopback or two namespaces joined by a veth pair",
  detect: async () => null,
  createHosts: ({ topology, family, captureBinary }) => createHosts(topology, captureBinary, family),
};

export default kernel;
