// What every Java agent program shares above the control channel (Channel.java): the op dispatch,
// the connection/listener check, close and shutdown, and Java's "Connection reset" bookkeeping. A
// program (SocketAgent, NioAgent) extends it with its ops on its own socket classes.
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

abstract class Agent<S extends Closeable> implements Channel.Ops {
  /** Connections whose read already reported "Connection reset": Java repeats it on later reads from a flag. */
  private final Set<Closeable> reset = new HashSet<>();
  /** The program's connection class (java.net.Socket, SocketChannel): what send, recv and abort take. */
  private final Class<S> connections;
  /** The program's listener class by name, for the reply to a connection op on a listener. */
  private final String listener;
  /** The reply to an abort of a listener, which has no SO_LINGER. */
  private final String noLinger;

  Agent(Class<S> connections, String listener, String noLinger) {
    this.connections = connections;
    this.listener = listener;
    this.noLinger = noLinger;
  }

  // The ops a program implements on its own classes; close, abort and shutdown are shared below.
  abstract Map<String, Object> listen(Channel.Request r) throws IOException;
  abstract Map<String, Object> reserve(Channel.Request r) throws IOException;
  abstract Map<String, Object> connect(Channel.Request r) throws IOException;
  abstract Map<String, Object> accept(Channel.Request r) throws IOException;
  abstract Map<String, Object> send(Channel.Request r) throws IOException;
  abstract Map<String, Object> recv(Channel.Request r) throws IOException;
  abstract Map<String, Object> recvAll(Channel.Request r) throws IOException;
  abstract Map<String, Object> setopt(Channel.Request r) throws IOException;

  // The socket calls shutdown and abort make, which Java names differently per class.
  abstract void shutdownInput(S s) throws IOException;
  abstract void shutdownOutput(S s) throws IOException;
  abstract void lingerZero(S s) throws IOException;

  // A program that keeps more per socket than the reset flag lets it go here, when the socket is closed.
  void forget(Closeable c) {}

  @Override
  public final Map<String, Object> run(Channel.Request r) throws IOException {
    switch (r.op) {
      case "listen": return listen(r);
      case "reserve": return reserve(r);
      case "connect": return connect(r);
      case "accept": return accept(r);
      case "send": return send(r);
      case "recv": return recv(r);
      case "recvAll": return recvAll(r);
      case "shutdown": return shutdown(r);
      case "close": return close(r, false);
      case "abort": return close(r, true);
      // Socket and SocketChannel connect to an InetSocketAddress only; disconnect() is DatagramChannel's.
      case "disconnect": return Channel.unsupported(connections.getName() + " has no disconnect: it connects to an InetSocketAddress only (no AF_UNSPEC); disconnect() is DatagramChannel's");
      case "setopt": return setopt(r);
      default: return Channel.unsupported("Java exposes no TCP_INFO (" + connections.getName() + " has no " + r.op + ")");
    }
  }

  static InetSocketAddress address(String host, int port) throws IOException {
    return new InetSocketAddress(InetAddress.getByName(host), port);
  }

  // Java keeps its connectionReset flag for reads only (implRead): a write goes to the kernel still.
  Map<String, Object> failed(IOException e, String syscall, Closeable s) {
    boolean read = "recv".equals(syscall);
    Map<String, Object> r = Channel.javaError(e, syscall, read && reset.contains(s));
    if (read && "Connection reset".equals(e.getMessage())) reset.add(s);
    return r;
  }

  // The named socket when it is a connection; null when it is a listener.
  S connection(Channel.Request r) {
    Closeable c = Channel.socket(r);
    return connections.isInstance(c) ? connections.cast(c) : null;
  }

  // A connection op (send, recv, shutdown, setopt) named a listener.
  Map<String, Object> notAConnection(Channel.Request r) {
    return Channel.unsupported("\"" + r.str("sock") + "\" is a " + listener + ", which has no " + r.op);
  }

  // Java has one call per half (shutdownInput, shutdownOutput): `both` is the two, read side first.
  final Map<String, Object> shutdown(Channel.Request r) {
    S s = connection(r);
    if (s == null) return notAConnection(r);
    String how = r.str("how");
    try {
      if (!how.equals("write")) shutdownInput(s);
      if (!how.equals("read")) shutdownOutput(s);
    } catch (IOException e) {
      return failed(e, "shutdown", s);
    }
    return Channel.ok();
  }

  // The name is freed even when close fails: the descriptor is gone either way.
  final Map<String, Object> close(Channel.Request r, boolean abort) {
    Closeable c = Channel.socket(r);
    if (abort && !connections.isInstance(c)) return Channel.unsupported(noLinger);
    String step = "setsockopt";
    try {
      if (abort) lingerZero(connections.cast(c));
      Channel.SOCKETS.remove(r.str("sock"));
      step = "close";
      c.close();
    } catch (IOException e) {
      return failed(e, step, c);
    } finally {
      reset.remove(c);
      forget(c);
    }
    return Channel.ok();
  }
}
