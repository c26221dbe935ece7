// The idiomatic Java agent: java.net.Socket and ServerSocket used as a Java program uses them
// (harness/protocol/PROTOCOL.md; the control channel is Channel.java, the op dispatch Agent.java). Choices:
// - listen is `new ServerSocket()` then bind(addr, backlog): Java turns SO_REUSEADDR on for every
//   server socket on Unix (sun.nio.ch.Net.serverSocket -> socket0(reuse=true)); the agent changes
//   it only when a case asks (`reuseAddr`), so an idiomatic listener shows Java's default. A
//   backlog below 1 is Java's 50 (ServerSocket.bind), not the kernel's 0.
// - A socket read or accepted under a timeout stays O_NONBLOCK from then on (NioSocketImpl
//   configureNonBlockingIfNeeded); Java then polls for every blocked read and write itself, so
//   what a program sees is unchanged: writes still return only once every byte is queued.
// - reserve is a client `Socket` bound and never connected: ServerSocket cannot bind without listening.
// - connect is `socket.connect(addr, timeoutMs)` (Java's bounded connect; a SocketTimeoutException
//   "Connect timed out" is the agent timeout); accept is `setSoTimeout` then accept().
// - A connection's streams are taken once, when it is connected or accepted, as a Java program
//   keeps them (Socket.getOutputStream() itself refuses a socket whose output is shut down, with
//   "Socket output is shutdown", where a write on the stream in hand goes to the kernel).
// - send is one OutputStream.write(): Java loops until every byte is queued or a write fails.
// - recv is one InputStream.read() under `setSoTimeout(timeoutMs)`: Java polls, then reads
//   (sun.nio.ch.NioSocketImpl.timedRead). `rcvtimeo` is setSoTimeout too, Java's read timeout
//   (Java has no SO_RCVTIMEO): a `blocking` recv reads under it, and its SocketTimeoutException
//   is replied as EAGAIN, synthesized (Java's own poll ran out; the kernel was never asked).
// - close is close(); abort is setSoLinger(true, 0) then close(); shutdown is
//   shutdownOutput()/shutdownInput() (both: the two calls).
// - No TCP_INFO in Java: state and info are unsupported; no TCP_USER_TIMEOUT either.
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

public final class SocketAgent extends Agent<Socket> {
  /** Each socket's `rcvtimeo` (Java's soTimeout), restored after a recv bounded by timeoutMs. */
  private final Map<Closeable, Integer> readTimeout = new HashMap<>();
  /** Each connection's streams, taken when it was connected or accepted. */
  private final Map<Socket, InputStream> inputs = new HashMap<>();
  private final Map<Socket, OutputStream> outputs = new HashMap<>();
  private byte[] buffer = new byte[65536];

  SocketAgent() {
    super(Socket.class, "ServerSocket", "a ServerSocket has no SO_LINGER (setSoLinger is Socket's)");
  }

  public static void main(String[] args) throws IOException {
    Channel.serve(System.getProperty("java.runtime.version"),
        Arrays.asList("linger", "nosignal", "reuseAddr", "bindPort", "rcvtimeo", "keepalive", "keepidle", "keepintvl", "keepcnt", "blocking", "sendBytes", "abort", "inFlight"),
        new SocketAgent(), () -> Channel.initialise("sun.nio.ch.NioSocketImpl", "sun.nio.ch.Net", "java.net.ServerSocket", "java.net.Socket"));
  }

  // Java's soTimeout 0 is "forever": a wait of 0 ms still polls once, as 1 ms.
  static int bound(int ms) { return Math.max(ms, 1); }

  @Override
  Map<String, Object> listen(Channel.Request r) throws IOException {
    ServerSocket ss;
    try {
      ss = new ServerSocket();
    } catch (IOException e) {
      return failed(e, "socket", null);
    }
    try {
      if (r.has("reuseAddr")) ss.setReuseAddress(r.bool("reuseAddr"));
      ss.bind(address(r.str("host"), r.num("port")), r.num("backlog"));
    } catch (IOException e) {
      ss.close();
      return failed(e, "bind", ss);
    }
    Channel.SOCKETS.put(r.str("as"), ss);
    return Channel.ok("port", ss.getLocalPort());
  }

  @Override
  Map<String, Object> reserve(Channel.Request r) throws IOException {
    // The descriptor is made on first use (setReuseAddress, bind or connect): a failure there is that step's.
    Socket s = new Socket();
    try {
      if (r.has("reuseAddr")) s.setReuseAddress(r.bool("reuseAddr"));
      s.bind(address(r.str("host"), r.num("port")));
    } catch (IOException e) {
      s.close();
      return failed(e, "bind", s);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("port", s.getLocalPort());
  }

  @Override
  Map<String, Object> connect(Channel.Request r) throws IOException {
    InetSocketAddress to = address(r.str("host"), r.num("port"));
    // The descriptor is made on first use (setReuseAddress, bind or connect): a failure there is that step's.
    Socket s = new Socket();
    String step = "setsockopt";
    try {
      if (r.has("reuseAddr")) s.setReuseAddress(r.bool("reuseAddr"));
      if (r.has("bindPort")) {
        step = "bind";
        InetAddress any = InetAddress.getByName(to.getAddress().getAddress().length == 4 ? "0.0.0.0" : "::");
        s.bind(new InetSocketAddress(any, r.num("bindPort")));
      }
      step = "connect";
      if (r.bool("inFlight")) {
        // java.net.Socket.connect blocks its thread: a program that may give up connects on another
        // thread and calls close() on the Socket, which ends the connect (it throws SocketException).
        int wait = bound(r.num("timeoutMs"));
        Thread connecting = new Thread(() -> {
          try {
            s.connect(to, wait);
          } catch (IOException ended) {
            // closed while connecting: the program gave the attempt up
          }
        }, "connect " + r.str("as"));
        connecting.setDaemon(true);
        connecting.start();
        Channel.SOCKETS.put(r.str("as"), s);
        return Channel.ok("inFlight", true);
      }
      s.connect(to, bound(r.num("timeoutMs")));
      keepStreams(s);
    } catch (SocketTimeoutException e) {
      s.close();
      return Channel.agentTimeout("connect had no outcome (" + e + ")", r.num("timeoutMs"));
    } catch (IOException e) {
      s.close();
      return failed(e, step, s);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("localPort", s.getLocalPort());
  }

  @Override
  Map<String, Object> accept(Channel.Request r) throws IOException {
    Closeable l = Channel.socket(r);
    if (!(l instanceof ServerSocket)) return Channel.unsupported("\"" + r.str("sock") + "\" is not a listener (a java.net.Socket cannot accept)");
    ServerSocket ss = (ServerSocket) l;
    Socket s;
    try {
      ss.setSoTimeout(bound(r.num("timeoutMs")));
      s = ss.accept();
    } catch (SocketTimeoutException e) {
      return Channel.agentTimeout("no connection arrived (" + e + ")", r.num("timeoutMs"));
    } catch (IOException e) {
      return failed(e, "accept", ss);
    }
    try {
      keepStreams(s);
    } catch (IOException e) {
      s.close();
      return failed(e, "accept", s);
    }
    Channel.SOCKETS.put(r.str("as"), s);
    return Channel.ok("remotePort", s.getPort());
  }

  void keepStreams(Socket s) throws IOException {
    inputs.put(s, s.getInputStream());
    outputs.put(s, s.getOutputStream());
  }

  // A reserved socket was never connected: Java's own getInputStream() says so.
  InputStream in(Socket s) throws IOException {
    InputStream in = inputs.get(s);
    return in != null ? in : s.getInputStream();
  }

  OutputStream out(Socket s) throws IOException {
    OutputStream out = outputs.get(s);
    return out != null ? out : s.getOutputStream();
  }

  @Override
  Map<String, Object> send(Channel.Request r) throws IOException {
    Socket s = connection(r);
    if (s == null) return notAConnection(r);
    byte[] data = Channel.payload(r);
    try {
      out(s).write(data);
    } catch (IOException e) {
      return failed(e, "send", s);
    }
    return Channel.ok("bytes", data.length);
  }

  byte[] buffer(int n) {
    if (buffer.length < n) buffer = new byte[n];
    return buffer;
  }

  @Override
  Map<String, Object> recv(Channel.Request r) throws IOException {
    Socket s = connection(r);
    if (s == null) return notAConnection(r);
    int max = r.num("max");
    int own = readTimeout.getOrDefault(s, 0);
    byte[] b = buffer(max);
    int n;
    try {
      if (!r.bool("blocking")) s.setSoTimeout(bound(r.num("timeoutMs")));
      n = in(s).read(b, 0, max);
    } catch (SocketTimeoutException e) {
      if (!r.bool("blocking")) return Channel.agentTimeout("nothing to read (" + e + ")", r.num("timeoutMs"));
      return Channel.error("EAGAIN", e.toString(), true, null, e.getMessage(), false);
    } catch (IOException e) {
      return failed(e, "recv", s);
    } finally {
      if (!r.bool("blocking") && !s.isClosed()) s.setSoTimeout(own);
    }
    return n < 0 ? Channel.ok("eof", true) : Channel.ok("data", Channel.latin1(b, n), "bytes", n);
  }

  @Override
  Map<String, Object> recvAll(Channel.Request r) throws IOException {
    Socket s = connection(r);
    if (s == null) return notAConnection(r);
    int total = r.num("bytes");
    int timeout = r.num("timeoutMs");
    long deadline = System.nanoTime() + timeout * 1_000_000L;
    byte[] b = new byte[total];
    int got = 0;
    int own = readTimeout.getOrDefault(s, 0);
    try {
      while (got < total) {
        s.setSoTimeout(bound((int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L)));
        int n = in(s).read(b, got, total - got);
        if (n < 0) return got == 0 ? Channel.ok("eof", true) : Channel.ok("data", Channel.latin1(b, got), "bytes", got, "eof", true);
        got += n;
      }
    } catch (SocketTimeoutException e) {
      return Channel.agentTimeout(got + " of " + total + " bytes arrived (" + e + ")", timeout);
    } catch (IOException e) {
      return failed(e, "recv", s);
    } finally {
      if (!s.isClosed()) s.setSoTimeout(own);
    }
    return Channel.ok("data", Channel.latin1(b, total), "bytes", total);
  }

  @Override void shutdownInput(Socket s) throws IOException { s.shutdownInput(); }
  @Override void shutdownOutput(Socket s) throws IOException { s.shutdownOutput(); }
  @Override void lingerZero(Socket s) throws IOException { s.setSoLinger(true, 0); }

  @Override
  void forget(Closeable c) {
    readTimeout.remove(c);
    inputs.remove(c);
    outputs.remove(c);
  }

  @Override
  Map<String, Object> setopt(Channel.Request r) throws IOException {
    String name = r.str("name");
    Socket s = connection(r);
    if (s == null) return Channel.unsupported("a ServerSocket takes only SO_RCVBUF and SO_REUSEADDR, not \"" + name + "\"");
    Object v = r.raw("value");
    try {
      switch (name) {
        case "linger": {
          int secs = r.num("value");
          // Java caps the linger time at 65535 s (Socket.setSoLinger).
          s.setSoLinger(secs >= 0, Math.max(secs, 0));
          return Channel.ok();
        }
        case "nodelay": s.setTcpNoDelay(Boolean.TRUE.equals(v)); return Channel.ok();
        case "keepalive": s.setKeepAlive(Boolean.TRUE.equals(v)); return Channel.ok();
        case "rcvtimeo":
          s.setSoTimeout(r.num("value"));
          readTimeout.put(s, r.num("value"));
          return Channel.ok();
        case "user_timeout":
          return Channel.unsupported("Java has no TCP_USER_TIMEOUT (jdk.net.ExtendedSocketOptions: TCP_QUICKACK, TCP_KEEPIDLE, TCP_KEEPINTERVAL, TCP_KEEPCOUNT, SO_INCOMING_NAPI_ID, SO_PEERCRED, IP_DONTFRAGMENT; no user timeout)");
        case "keepidle": case "keepintvl": case "keepcnt": {
          SocketOption<Integer> opt = Channel.keepTuning(name);
          if (!s.supportedOptions().contains(opt)) return Channel.unsupported("this JDK has no " + opt.name() + " on this platform");
          s.setOption(opt, r.num("value"));
          return Channel.ok();
        }
        default:
          return Channel.unsupported("the java agent has no option \"" + (name.length() > 64 ? name.substring(0, 64) : name) + "\"");
      }
    } catch (IOException e) {
      return failed(e, "setsockopt", s);
    }
  }
}
