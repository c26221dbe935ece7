// lwIP brought up before the agent's main(): its tcpip thread, and a netif on the TAP device PRECONFIGURED_TAPIF with SOCKSPEC_LWIP_IP4/24.
#include <stdio.h>
#include <stdlib.h>
#include <lwip/tcpip.h>
#include <lwip/netif.h>
#include <netif/tapif.h>

static struct netif nif;
static sys_sem_t ready;

static void started(void *arg) { (void)arg; sys_sem_signal(&ready); }

// Without SOCKSPEC_LWIP_IP4 nothing is brought up (a socket call then fails): the net always sets it.
__attribute__((constructor)) static void sockspec_lwip_up(void) {
  const char *address = getenv("SOCKSPEC_LWIP_IP4");
  if (address == NULL) return;
  ip4_addr_t ip, mask, gw;
  if (!ip4addr_aton(address, &ip)) { fprintf(stderr, "lwip-up: SOCKSPEC_LWIP_IP4 is not an IPv4 address: %s\n", address); exit(2); }
  ip4addr_aton("255.255.255.0", &mask);
  ip4_addr_set_zero(&gw);
  sys_sem_new(&ready, 0);
  tcpip_init(started, NULL);
  sys_sem_wait(&ready);
  LOCK_TCPIP_CORE();
  // tapif_init() opens /dev/net/tun and attaches to the TAP device the net made (PRECONFIGURED_TAPIF).
  netif_add(&nif, &ip, &mask, &gw, NULL, tapif_init, tcpip_input);
  netif_set_default(&nif);
  netif_set_up(&nif);
  netif_set_link_up(&nif);
  UNLOCK_TCPIP_CORE();
}
