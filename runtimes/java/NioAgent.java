// The `nio` program of the java runtime: blocking java.nio SocketChannel and ServerSocketChannel
// (harness/protocol/PROTOCOL.md; the control channel is Channel.java, the op dispatch Agent.java). Choices:
// - Channels stay in blocking mode for every socket call (read, write, accept, connect's outcome).
//   A blocking channel has no timeout of its own (the socket adaptor's soTimeout is not consulted
//   by SocketChannel.read), so a bounded wait (`timeoutMs`) is NIO's idiom for one: the channel is
//   switched to non-blocking, registered with a Selector for the readiness wanted, select(ms), the
//   selector closed and the channel switched back, then the blocking call: poll-then-call, as the
//   C agent does. A connect is connect() in non-blocking mode, select(OP_CONNECT), finishConnect().
// - listen is ServerSocketChannel.open().bind(addr, backlog): SO_REUSEADDR is on by default, as for
//   ServerSocket (sun.nio.ch.Net.serverSocket); `reuseAddr` changes it only when a case asks. A
//   backlog below 1 is Java's 50 (ServerSocketChannel.bind), not the kernel's 0.
// - reserve is a SocketChannel bound and never connected.
// - send is one write(ByteBuffer): in blocking mode it returns once every byte is queued.
// - abort is setOption(SO_LINGER, 0) then close(); shutdown is shutdownOutput()/shutdownInput().
// - `rcvtimeo` is unsupported: a blocking SocketChannel read has no timeout in Java (SO_TIMEOUT is
//   the socket adaptor's, and java.nio has no SO_RCVTIMEO), so a read blocks until data, EOF or error.
// - No TCP_INFO or TCP_USER_TIMEOUT in Java: state, info and user_timeout are unsupported.
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.Arrays;
import java.util.Map;

public final class NioAgent extends Agent<SocketChannel> {
  private ByteBuffer buffer = ByteBuffer.allocate(65536);

  NioAgent() {
    super(SocketChannel.class, "ServerSocketChannel", "a ServerSocketChannel has no SO_LINGER");
  }

  public static void main(String[] args) throws IOException {
    Channel.serve(System.getProperty("java.runtime.version"),
        Arrays.asList("linger", "nosignal", "reuseAddr", "bindPort", "keepalive", "keepidle", "keepintvl", "keepcnt", "blocking", "sendBytes", "abort", "inFlight"),
        new NioAgent(), () -> {
          SelectorProvider.provider();
          Channel.initialise("sun.nio.ch.SocketChannelImpl", "sun.nio.ch.ServerSocketChannelImpl", "sun.nio.ch.Net");
        });
  }

  /** Waits up to `ms` for `ops` readiness on a blocking channel, which is blocking again on return. */
  static boolean ready(SelectableChannel c, int ops, int ms) throws IOException {
    c.configureBlocking(false);
    try (Selector selector = Selector.open()) {
      c.register(selector, ops);
      return ms == 0 ? selector.selectNow() > 0 : selector.select(ms) > 0;
    } finally {
      // Closing the selector deregistered the channel, so it may block again.
      if (c.isOpen()) c.configureBlocking(true);
    }
  }

  @Override
  Map<String, Object> listen(Channel.Request r) throws IOException {
    ServerSocketChannel ss;
    try {
      ss = ServerSocketChannel.open();
    } catch (IOException e) {
      return failed(e, "socket", null);
    }
    try {
      if (r.has("reuseAddr")) ss.setOption(StandardSocketOptions.SO_REUSEADDR, r.bool("reuseAddr"));
      ss.bind(address(r.str("host"), r.num("port")), r.num("backlog"));
    } catch (IOException e) {
      ss.close();
      return failed(e, "bind", ss);
    }
    Channel.SOCKETS.put(r.str("as"), ss);
    return Channel.ok("port", ((InetSocketAddress) ss.getLocalAddress()).getPort());
  }

  @Override
  Map<String, Object> reserve(Channel.Request r) throws IOException {
    SocketChannel s;
    try {
      s = SocketChannel.open();
    } catch (IOException e) {
      return failed(e, "socket", null);
    }
    try {
      if (r.has("reuseAddr")) s.setOption(StandardSocketOptions.SO_REUSEADDR, r.bool("reuseAddr"));
      s.bind(address(r.str("host"), r.num("port")));
    } catch (IOException e) {
      s.close();
      return failed(e, "bind", s);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("port", ((InetSocketAddress) s.getLocalAddress()).getPort());
  }

  @Override
  Map<String, Object> connect(Channel.Request r) throws IOException {
    InetSocketAddress to = address(r.str("host"), r.num("port"));
    int timeout = r.num("timeoutMs");
    SocketChannel s;
    try {
      s = SocketChannel.open();
    } catch (IOException e) {
      return failed(e, "socket", null);
    }
    String step = "setsockopt";
    try {
      if (r.has("reuseAddr")) s.setOption(StandardSocketOptions.SO_REUSEADDR, r.bool("reuseAddr"));
      if (r.has("bindPort")) {
        step = "bind";
        InetAddress any = InetAddress.getByName(to.getAddress().getAddress().length == 4 ? "0.0.0.0" : "::");
        s.bind(new InetSocketAddress(any, r.num("bindPort")));
      }
      step = "connect";
      s.configureBlocking(false);
      boolean done = s.connect(to);
      // inFlight: a non-blocking connect() that returned false is pending (the SYN sent); close() abandons it.
      if (!done && r.bool("inFlight")) {
        Channel.SOCKETS.put(r.str("as"), s);
        return Channel.ok("inFlight", true);
      }
      if (!done) {
        try (Selector selector = Selector.open()) {
          s.register(selector, SelectionKey.OP_CONNECT);
          if ((timeout == 0 ? selector.selectNow() : selector.select(timeout)) == 0) {
            s.close();
            return Channel.agentTimeout("connect had no outcome", timeout);
          }
        }
        s.finishConnect();
      }
      s.configureBlocking(true);
    } catch (IOException e) {
      s.close();
      return failed(e, step, s);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("localPort", ((InetSocketAddress) s.getLocalAddress()).getPort());
  }

  @Override
  Map<String, Object> accept(Channel.Request r) throws IOException {
    Closeable l = Channel.socket(r);
    if (!(l instanceof ServerSocketChannel)) return Channel.unsupported("\"" + r.str("sock") + "\" is not a listener (a SocketChannel cannot accept)");
    ServerSocketChannel ss = (ServerSocketChannel) l;
    SocketChannel s;
    try {
      if (!ready(ss, SelectionKey.OP_ACCEPT, r.num("timeoutMs"))) return Channel.agentTimeout("no connection arrived", r.num("timeoutMs"));
      s = ss.accept();
    } catch (IOException e) {
      return failed(e, "accept", ss);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("remotePort", ((InetSocketAddress) s.getRemoteAddress()).getPort());
  }

  @Override
  Map<String, Object> send(Channel.Request r) throws IOException {
    SocketChannel s = connection(r);
    if (s == null) return notAConnection(r);
    ByteBuffer data = ByteBuffer.wrap(Channel.payload(r));
    int n;
    try {
      n = s.write(data);
    } catch (IOException e) {
      return failed(e, "send", s);
    }
    return Channel.ok("bytes", n);
  }

  @Override
  Map<String, Object> recv(Channel.Request r) throws IOException {
    SocketChannel s = connection(r);
    if (s == null) return notAConnection(r);
    int max = r.num("max");
    if (buffer.capacity() < max) buffer = ByteBuffer.allocate(max);
    buffer.clear().limit(max);
    int n;
    try {
      if (!r.bool("blocking") && !ready(s, SelectionKey.OP_READ, r.num("timeoutMs"))) {
        return Channel.agentTimeout("nothing to read", r.num("timeoutMs"));
      }
      n = s.read(buffer);
    } catch (IOException e) {
      return failed(e, "recv", s);
    }
    return n < 0 ? Channel.ok("eof", true) : Channel.ok("data", Channel.latin1(buffer.array(), n), "bytes", n);
  }

  @Override
  Map<String, Object> recvAll(Channel.Request r) throws IOException {
    SocketChannel s = connection(r);
    if (s == null) return notAConnection(r);
    int total = r.num("bytes");
    int timeout = r.num("timeoutMs");
    long deadline = System.nanoTime() + timeout * 1_000_000L;
    ByteBuffer b = ByteBuffer.allocate(total);
    try {
      while (b.hasRemaining()) {
        int left = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        if (!ready(s, SelectionKey.OP_READ, left)) return Channel.agentTimeout(b.position() + " of " + total + " bytes arrived", timeout);
        if (s.read(b) < 0) {
          int got = b.position();
          return got == 0 ? Channel.ok("eof", true) : Channel.ok("data", Channel.latin1(b.array(), got), "bytes", got, "eof", true);
        }
      }
    } catch (IOException e) {
      return failed(e, "recv", s);
    }
    return Channel.ok("data", Channel.latin1(b.array(), total), "bytes", total);
  }

  @Override void shutdownInput(SocketChannel s) throws IOException { s.shutdownInput(); }
  @Override void shutdownOutput(SocketChannel s) throws IOException { s.shutdownOutput(); }
  @Override void lingerZero(SocketChannel s) throws IOException { s.setOption(StandardSocketOptions.SO_LINGER, 0); }

  @Override
  Map<String, Object> setopt(Channel.Request r) throws IOException {
    String name = r.str("name");
    SocketChannel s = connection(r);
    if (s == null) return Channel.unsupported("a ServerSocketChannel takes only SO_RCVBUF and SO_REUSEADDR, not \"" + name + "\"");
    Object v = r.raw("value");
    try {
      switch (name) {
        case "linger": {
          int secs = r.num("value");
          // A negative value turns lingering off (StandardSocketOptions.SO_LINGER).
          s.setOption(StandardSocketOptions.SO_LINGER, secs >= 0 ? secs : -1);
          return Channel.ok();
        }
        case "nodelay": s.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE.equals(v)); return Channel.ok();
        case "keepalive": s.setOption(StandardSocketOptions.SO_KEEPALIVE, Boolean.TRUE.equals(v)); return Channel.ok();
        case "rcvtimeo":
          return Channel.unsupported("a blocking SocketChannel read has no timeout in Java (SO_TIMEOUT is the socket adaptor's; java.nio has no SO_RCVTIMEO)");
        case "user_timeout":
          return Channel.unsupported("Java has no TCP_USER_TIMEOUT (jdk.net.ExtendedSocketOptions: TCP_QUICKACK, TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT, SO_INCOMING_NAPI_ID, SO_PEERCRED, IP_DONTFRAGMENT; no user timeout)");
        case "keepidle": case "keepintvl": case "keepcnt": {
          SocketOption<Integer> opt = Channel.keepTuning(name);
          if (!s.supportedOptions().contains(opt)) return Channel.unsupported("this JDK has no " + opt.name() + " on this platform");
          s.setOption(opt, r.num("value"));
          return Channel.ok();
        }
        default:
          return Channel.unsupported("the java nio agent has no option \"" + (name.length() > 64 ? name.substring(0, 64) : name) + "\"");
      }
    } catch (IOException e) {
      return failed(e, "setsockopt", s);
    }
  }
}
