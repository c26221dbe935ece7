// The control channel shared by the Java agents (harness/protocol/PROTOCOL.md): JSON lines on
// stdin/stdout, each request checked against harness/protocol/op-spec.ts before an op runs, and
// Java's exceptions turned into error replies. Plain JDK, Java 11 language level.
//
// Java does not expose errno. The JDK turns a failing syscall's errno into an exception class
// (src/java.base/unix/native/libnio/ch/Net.c handleSocketError: ECONNREFUSED -> ConnectException,
// EADDRINUSE -> BindException, others -> SocketException) whose message is the C library's
// strerror() text, except ECONNRESET on a read, which SocketDispatcher.c read0 throws as
// sun.net.ConnectionResetException "Connection reset". So the portable errno is read back from
// the message (ERRNO_BY_MESSAGE), and an exception whose message is Java's own text, thrown with
// no failing syscall ("Socket output is shutdown", ClosedChannelException), is `synthesized`.
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketOption;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import jdk.net.ExtendedSocketOptions;

public final class Channel {
  /** What an agent program supplies: its ops, run on checked requests. */
  public interface Ops {
    /** Runs one checked request; returns an outcome (ok, error or unsupported). */
    Map<String, Object> run(Request r) throws IOException;
  }

  /** The request itself is wrong: a fault reply, never a socket result. */
  public static final class Fault extends Exception {
    private static final long serialVersionUID = 1L;
    Fault(String message) { super(message); }
  }

  /** A checked request: its op, its fields (absent ones left out, defaults filled in). */
  public static final class Request {
    public final String op;
    final Map<String, Object> fields;
    Request(String op, Map<String, Object> fields) { this.op = op; this.fields = fields; }
    public boolean has(String k) { return fields.containsKey(k); }
    public String str(String k) { return (String) fields.get(k); }
    public int num(String k) { return (int) Math.round(((Number) fields.get(k)).doubleValue()); }
    public boolean bool(String k) { return Boolean.TRUE.equals(fields.get(k)); }
    public Object raw(String k) { return fields.get(k); }
  }

  public static final int MAX_MS = 2147483647;
  public static final int MAX_BYTES = 67108864;
  static final double MAX_ID = 9007199254740991.0;

  // ---------- the spec (harness/protocol/op-spec.ts OP_SPEC, SETOPT_NAMES) ----------

  // One field: its name, type, and for ints the range; `def` fills in an absent field.
  static final class Field {
    final String key, type; final boolean required; final double min, max; final Object def; final List<String> values;
    Field(String key, String type, boolean required, double min, double max, Object def, String... values) {
      this.key = key; this.type = type; this.required = required; this.min = min; this.max = max; this.def = def;
      this.values = Arrays.asList(values);
    }
  }

  static Field newName() { return new Field("as", "new", true, 0, 0, null); }
  static Field sock() { return new Field("sock", "existing", true, 0, 0, null); }
  static Field host() { return new Field("host", "host", true, 0, 0, null); }
  static Field integer(String k, boolean req, double min, double max, Object def) { return new Field(k, "int", req, min, max, def); }
  static Field bool(String k, Object def) { return new Field(k, "bool", false, 0, 0, def); }
  static Field waitMs() { return integer("timeoutMs", false, 0, MAX_MS, 2000); }

  // Java's sockets (java.net and nio alike) are made by sun.nio.ch.Net.socket0(): socket(domain, type, 0), never IPPROTO_MPTCP (src/java.base/unix/native/libnio/ch/Net.c).
  static final String NO_MPTCP = "Java has no Multipath TCP socket: Socket, ServerSocket and the nio channels are made by sun.nio.ch.Net.socket0(), socket(domain, type, 0) (Net.c)";

  static final Map<String, Field[]> SPEC = new LinkedHashMap<>();
  static {
    SPEC.put("listen", new Field[] { newName(), host(), integer("port", false, 0, 65535, 0), integer("backlog", false, 0, 65535, 16),
        bool("pauseOnConnect", false), bool("allowHalfOpen", false), bool("reuseAddr", null), bool("mptcp", false) });
    SPEC.put("reserve", new Field[] { newName(), host(), integer("port", false, 0, 65535, 0), bool("reuseAddr", null) });
    SPEC.put("connect", new Field[] { newName(), host(), integer("port", true, 0, 65535, null), waitMs(), bool("allowHalfOpen", false),
        integer("bindPort", false, 1, 65535, null), bool("reuseAddr", null), bool("inFlight", false), bool("mptcp", false) });
    SPEC.put("accept", new Field[] { sock(), newName(), waitMs() });
    SPEC.put("send", new Field[] { sock(), new Field("data", "bytes", false, 0, 0, null), integer("bytes", false, 0, MAX_BYTES, null), waitMs() });
    SPEC.put("recv", new Field[] { sock(), integer("max", false, 1, MAX_BYTES, 65536), waitMs(), bool("blocking", false) });
    SPEC.put("recvAll", new Field[] { sock(), integer("bytes", true, 0, MAX_BYTES, null), waitMs() });
    SPEC.put("shutdown", new Field[] { sock(), new Field("how", "enum", true, 0, 0, null, "write", "read", "both") });
    SPEC.put("close", new Field[] { sock() });
    SPEC.put("abort", new Field[] { sock() });
    SPEC.put("disconnect", new Field[] { sock() });
    SPEC.put("setopt", new Field[] { sock(), new Field("name", "string", true, 0, 0, null), new Field("value", "optionValue", true, 0, 0, null) });
    SPEC.put("state", new Field[] { sock() });
    SPEC.put("info", new Field[] { sock() });
  }
  static final Map<String, Field> SETOPT = new HashMap<>();
  static {
    SETOPT.put("linger", integer("value", true, -2147483647, 2147483647, null));
    SETOPT.put("nodelay", bool("value", null));
    SETOPT.put("keepalive", bool("value", null));
    SETOPT.put("rcvtimeo", integer("value", true, 0, MAX_MS, null));
    SETOPT.put("user_timeout", integer("value", true, 0, MAX_MS, null));
    SETOPT.put("keepidle", integer("value", true, 1, 32767, null));
    SETOPT.put("keepintvl", integer("value", true, 1, 32767, null));
    SETOPT.put("keepcnt", integer("value", true, 1, 127, null));
  }

  /** Keep-alive tuning by setopt name: jdk.net.ExtendedSocketOptions (JDK 11), seconds or probes; null for other names. */
  static SocketOption<Integer> keepTuning(String name) {
    switch (name) {
      case "keepidle": return ExtendedSocketOptions.TCP_KEEPIDLE;
      case "keepintvl": return ExtendedSocketOptions.TCP_KEEPINTERVAL;
      case "keepcnt": return ExtendedSocketOptions.TCP_KEEPCOUNT;
      default: return null;
    }
  }

  static final Pattern NAME = Pattern.compile("[\\x20-\\x7e]{1,63}");
  static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  // ---------- state ----------

  /** Every socket the agent holds, by the harness's name (listeners, connections, reserved ports). */
  public static final Map<String, Closeable> SOCKETS = new LinkedHashMap<>();
  static final OutputStream OUT = new FileOutputStream(FileDescriptor.out);
  static final char[] HEX = "0123456789abcdef".toCharArray();

  // ---------- outcomes ----------

  /** A success value from key/value pairs. */
  public static Map<String, Object> ok(Object... kv) {
    Map<String, Object> value = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) value.put((String) kv[i], kv[i + 1]);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ok", true);
    r.put("value", value);
    return r;
  }

  public static Map<String, Object> unsupported(String why) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ok", false);
    r.put("unsupported", why);
    return r;
  }

  static Map<String, Object> error(String errno, String name, boolean synthesized, String syscall, String message, boolean timeout) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("errno", errno);
    e.put("name", name);
    e.put("synthesized", synthesized);
    e.put("syscall", syscall);
    e.put("message", message);
    if (timeout) e.put("timeout", true);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ok", false);
    r.put("error", e);
    return r;
  }

  /** A wait bounded by the agent (timeoutMs) ran out: PROTOCOL.md's agent timeout. */
  public static Map<String, Object> agentTimeout(String what, int ms) {
    return error("ETIMEDOUT", "agent-timeout", false, null, what + " within " + ms + " ms", true);
  }

  // The C library's strerror() texts that Net.c hands to the exception (glibc; macOS where its
  // words differ; Winsock's on Windows), and Java's own "Connection reset" (SocketDispatcher.c read0
  // for ECONNRESET on a read). Matched as the message's start or whole, first match wins.
  static final String[][] ERRNO_BY_MESSAGE = {
    { "Connection reset by peer", "ECONNRESET" }, { "Connection reset", "ECONNRESET" }, { "Broken pipe", "EPIPE" },
    { "Connection refused", "ECONNREFUSED" }, { "Connection timed out", "ETIMEDOUT" }, { "Operation timed out", "ETIMEDOUT" },
    { "Address already in use", "EADDRINUSE" }, { "Cannot assign requested address", "EADDRNOTAVAIL" },
    { "Can't assign requested address", "EADDRNOTAVAIL" }, { "No route to host", "EHOSTUNREACH" },
    { "Network is unreachable", "ENETUNREACH" }, { "Transport endpoint is not connected", "ENOTCONN" },
    { "Host is down", "EHOSTDOWN" }, { "Software caused connection abort", "ECONNABORTED" },
    { "Permission denied", "EACCES" }, { "Operation not permitted", "EPERM" }, { "Protocol not available", "ENOPROTOOPT" },
    { "Invalid argument", "EINVAL" }, { "Too many open files", "EMFILE" }, { "No buffer space available", "ENOBUFS" },
    { "An existing connection was forcibly closed by the remote host", "ECONNRESET" },
    { "An established connection was aborted by the software in your host machine", "ECONNABORTED" },
    { "No connection could be made because the target machine actively refused it", "ECONNREFUSED" },
    { "A connection attempt failed because the connected party did not properly respond", "ETIMEDOUT" },
  };

  // Messages Java writes itself, with no syscall failing underneath, and the errno the kernel would
  // have said for the same state (null: none fits). NioSocketImpl ensureOpen()/ensureOpenAndConnected(),
  // java.net.Socket's own checks (getInputStream(), getOutputStream(), shutdownInput(), shutdownOutput()).
  static final String[][] JAVA_OWN = {
    { "Socket output is shutdown", "EPIPE" }, { "Socket input is shutdown", null }, { "Socket is closed", "EBADF" },
    { "Socket closed", "EBADF" }, { "Socket is not connected", "ENOTCONN" }, { "Not connected", "ENOTCONN" },
    { "Socket not created", "EBADF" }, { "Socket output is already shutdown", "ENOTCONN" },
    { "Socket input is already shutdown", "ENOTCONN" },
  };

  /**
   * A Java exception as an error reply: `name` is the exception as Java prints it (class: message).
   * `resetBefore`: this socket's read already reported a reset, so a read's "Connection reset" now is Java
   * repeating it from its own flag (NioSocketImpl / SocketChannelImpl `connectionReset`), not a syscall.
   * A message of no known kind keeps errno null but stays "from a syscall": it is most likely a
   * strerror() text this table lacks.
   */
  public static Map<String, Object> javaError(Throwable e, String syscall, boolean resetBefore) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    String name = e.toString();
    // ClosedChannelException (and its AsynchronousCloseException) is Java's own state: no errno to tell.
    if (e instanceof ClosedChannelException) return error(null, name, true, null, message, false);
    for (String[] own : JAVA_OWN) {
      if (message.equals(own[0])) return error(own[1], name, true, null, message, false);
    }
    String errno = null;
    for (String[] m : ERRNO_BY_MESSAGE) {
      if (message.startsWith(m[0])) { errno = m[1]; break; }
    }
    boolean repeated = resetBefore && message.equals("Connection reset");
    return error(errno, name, repeated, repeated ? null : syscall, message, false);
  }

  /** The harness's names are checked before an op runs; an op looks its socket up here. */
  public static Closeable socket(Request r) { return SOCKETS.get(r.str("sock")); }

  // ---------- request checking (op-spec.ts REQUEST_RULES, in order) ----------

  static String show(Object v) {
    StringBuilder b = new StringBuilder();
    writeValue(b, v);
    return b.toString();
  }

  static String fieldProblem(Field f, Object v) {
    String want = null;
    switch (f.type) {
      case "new": case "existing":
        if (!(v instanceof String) || !NAME.matcher((String) v).matches()) want = "a socket name (1-63 printable ASCII characters)";
        break;
      case "host":
        if (!(v instanceof String) || !(IPV4.matcher((String) v).matches() || (IPV6.matcher((String) v).matches() && ((String) v).contains(":"))))
          want = "a numeric IPv4 or IPv6 address";
        break;
      case "bytes": if (!(v instanceof String)) want = "a string of bytes"; break;
      case "string": if (!(v instanceof String)) want = "a string"; break;
      case "bool": if (!(v instanceof Boolean)) want = "a boolean"; break;
      case "enum": if (!(v instanceof String) || !f.values.contains(v)) want = "one of \"" + String.join("\", \"", f.values) + "\""; break;
      case "optionValue": if (!(v instanceof Double) && !(v instanceof Boolean)) want = "a number or a boolean"; break;
      default: {
        boolean good = v instanceof Double && (Double) v == Math.rint((Double) v) && (Double) v >= f.min && (Double) v <= f.max;
        if (!good) want = "an integer in [" + (long) f.min + ", " + (long) f.max + "]";
      }
    }
    return want == null ? null : "field \"" + f.key + "\" must be " + want + ", got " + show(v);
  }

  /** Rules 4-6 for a known op; throws Fault, or returns null with `out` filled, or an unsupported reason. */
  static String checkFields(String op, Map<String, Object> raw, Map<String, Object> out) throws Fault {
    Field[] spec = SPEC.get(op);
    for (Map.Entry<String, Object> e : raw.entrySet()) {
      String k = e.getKey();
      if (k.equals("id") || k.equals("op") || !Boolean.TRUE.equals(e.getValue())) continue;
      boolean known = false;
      for (Field f : spec) known |= f.key.equals(k);
      if (!known) return "the java agent does not know the option \"" + k + "\"";
    }
    int given = 0;
    for (Field f : spec) {
      Object v = raw.get(f.key);
      if (v == null) {
        if (f.required) throw new Fault("missing field \"" + f.key + "\"");
        if (f.def != null) out.put(f.key, f.def instanceof Integer ? (Object) ((Integer) f.def).doubleValue() : f.def);
        continue;
      }
      String problem = fieldProblem(f, v);
      if (problem != null) throw new Fault(problem);
      if (f.type.equals("existing") && !SOCKETS.containsKey(v)) throw new Fault("unknown socket " + show(v));
      if (f.type.equals("new") && SOCKETS.containsKey(v)) throw new Fault("socket name " + show(v) + " is already in use");
      if (op.equals("send") && (f.key.equals("data") || f.key.equals("bytes"))) given++;
      out.put(f.key, v);
    }
    if (op.equals("send") && given != 1) throw new Fault("give exactly one of \"data\" and \"bytes\"");
    if (op.equals("setopt")) {
      Field option = SETOPT.get((String) out.get("name"));
      String problem = option == null ? null : fieldProblem(option, out.get("value"));
      if (problem != null) throw new Fault(problem + " (setopt " + show(out.get("name")) + ")");
    }
    return null;
  }

  // ---------- the loop ----------

  static double now() {
    Instant i = Instant.now();
    return i.getEpochSecond() * 1000.0 + i.getNano() / 1e6;
  }

  static void handle(byte[] line, Ops ops) {
    Map<String, Object> raw;
    try {
      raw = Json.parse(line);
    } catch (Fault f) {
      fault(null, f.getMessage());
      return;
    }
    Object id = raw.get("id");
    if (!(id instanceof Double) || (Double) id != Math.rint((Double) id) || (Double) id < 1 || (Double) id > MAX_ID) {
      fault(null, "\"id\" must be a positive integer, got " + show(id));
      return;
    }
    long rid = (long) (double) (Double) id;
    Object op = raw.get("op");
    if (!(op instanceof String) || !SPEC.containsKey(op)) {
      fault(rid, "unknown op " + show(op));
      return;
    }
    double start = now();
    long began = System.nanoTime();
    Map<String, Object> outcome;
    try {
      Map<String, Object> fields = new HashMap<>();
      String unknown = checkFields((String) op, raw, fields);
      outcome = unknown != null ? unsupported(unknown)
          : Boolean.TRUE.equals(fields.get("mptcp")) ? unsupported(NO_MPTCP) : ops.run(new Request((String) op, fields));
    } catch (Fault f) {
      fault(rid, f.getMessage());
      return;
    } catch (IOException | RuntimeException e) {
      // Every op catches what its socket call throws; anything else is the agent's own fault.
      fault(rid, "the java agent failed: " + e);
      return;
    }
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("id", rid);
    reply.putAll(outcome);
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("start", Math.round(start * 1000) / 1000.0);
    t.put("ms", Math.round((System.nanoTime() - began) / 1000.0) / 1000.0);
    reply.put("t", t);
    write(reply);
  }

  static void fault(Long id, String message) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("fault", message);
    write(r);
  }

  static void write(Map<String, Object> message) {
    StringBuilder b = new StringBuilder();
    writeValue(b, message);
    b.append('\n');
    try {
      OUT.write(b.toString().getBytes(StandardCharsets.US_ASCII));
      OUT.flush();
    } catch (IOException e) {
      // The harness is gone: nobody reads replies, so leave as on stdin EOF.
      closeAll();
      System.exit(1);
    }
  }

  static void closeAll() {
    for (Closeable c : SOCKETS.values()) {
      try { c.close(); } catch (IOException ignored) { /* closing anyway: the descriptor is gone */ }
    }
    SOCKETS.clear();
  }

  /** A program's head start: what it would otherwise initialise on its first socket call. */
  public interface Warm {
    void run() throws Exception;
  }

  /**
   * Runs `warm` on a daemon thread while the harness is still busy with the other agent: the JDK's
   * static socket set-up (loading libnet and libnio, Net's and InetAddress's initialisers) would
   * otherwise land on the first listen or connect. It makes no socket and writes nothing.
   */
  static void warmUp(Warm warm) {
    Thread t = new Thread(() -> {
      try {
        InetAddress.getByName("127.0.0.1");
        warm.run();
      } catch (Exception | LinkageError ignored) {
        // A JDK without one of these classes only loses the head start.
      }
    }, "warm-up");
    t.setDaemon(true);
    t.start();
  }

  /** Initialises the named JDK classes, skipping any this JDK lacks. */
  public static void initialise(String... classes) {
    for (String c : classes) {
      try {
        Class.forName(c, true, null);
      } catch (ReflectiveOperationException | LinkageError ignored) {
        // Not in this JDK (another platform's, or renamed): nothing to warm.
      }
    }
  }

  /** Says hello, answers each stdin line in order, and on EOF closes everything and exits 0. */
  public static void serve(String version, List<String> features, Ops ops, Warm warm) throws IOException {
    Map<String, Object> hello = new LinkedHashMap<>();
    hello.put("hello", "sockspec-agent");
    hello.put("protocol", 1L);
    hello.put("runtime", "java");
    hello.put("version", version);
    hello.put("pid", ProcessHandle.current().pid());
    hello.put("features", features);
    write(hello);
    warmUp(warm);
    InputStream in = new BufferedInputStream(System.in, 1 << 16);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c != '\n') { line.write(c); continue; }
      byte[] bytes = line.toByteArray();
      line.reset();
      int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
      handle(Arrays.copyOf(bytes, n), ops);
    }
    if (line.size() > 0) handle(line.toByteArray(), ops);
    closeAll();
    System.exit(0);
  }

  // ---------- JSON ----------

  static void writeValue(StringBuilder b, Object v) {
    if (v == null) b.append("null");
    else if (v instanceof Boolean) b.append(v);
    else if (v instanceof Long || v instanceof Integer) b.append(v);
    else if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && Math.abs(d) < 9e15) b.append((long) d);
      else {
        // Three decimals by hand: java.util.Formatter's first use costs milliseconds of class loading.
        long thousandths = Math.round(Math.abs(d) * 1000);
        String frac = Long.toString(1000 + thousandths % 1000).substring(1);
        b.append(d < 0 ? "-" : "").append(thousandths / 1000).append('.').append(frac);
      }
    } else if (v instanceof String) {
      String s = (String) v;
      b.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') b.append('\\').append(c);
        else if (c >= 0x20 && c <= 0x7e) b.append(c);
        else b.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
      }
      b.append('"');
    } else if (v instanceof Map) {
      b.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) b.append(',');
        first = false;
        writeValue(b, e.getKey());
        b.append(':');
        writeValue(b, e.getValue());
      }
      b.append('}');
    } else if (v instanceof List) {
      b.append('[');
      boolean first = true;
      for (Object o : (List<?>) v) {
        if (!first) b.append(',');
        first = false;
        writeValue(b, o);
      }
      b.append(']');
    } else writeValue(b, v.toString());
  }

  /** A reader for one request line: a flat object of scalars, its strings of code points 0-255 (REQUEST_RULES 1). */
  static final class Json {
    final String s;
    int i;
    Json(String s) { this.s = s; }

    static Map<String, Object> parse(byte[] line) throws Fault {
      String text;
      try {
        text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(line)).toString();
      } catch (CharacterCodingException e) {
        throw new Fault("malformed request: the line is not UTF-8");
      }
      Json j = new Json(text);
      j.space();
      if (j.i >= text.length() || text.charAt(j.i) != '{') throw new Fault("a request must be a JSON object");
      Map<String, Object> m = j.object();
      j.space();
      if (j.i != text.length()) throw j.bad("text after the object");
      return m;
    }

    Fault bad(String what) { return new Fault("malformed JSON: " + what + " at " + i); }

    void space() { while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) i++; }

    char next() throws Fault {
      if (i >= s.length()) throw bad("unexpected end");
      return s.charAt(i++);
    }

    Map<String, Object> object() throws Fault {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      space();
      if (i < s.length() && s.charAt(i) == '}') { i++; return m; }
      while (true) {
        space();
        if (next() != '"') throw bad("a key must be a string");
        String key = string();
        space();
        if (next() != ':') throw bad("':' wanted");
        space();
        Object v = value(key);
        m.put(key, v);
        space();
        char c = next();
        if (c == '}') return m;
        if (c != ',') throw bad("',' or '}' wanted");
      }
    }

    Object value(String key) throws Fault {
      if (i >= s.length()) throw bad("unexpected end");
      char c = s.charAt(i);
      if (c == '{' || c == '[') throw new Fault("malformed request: nested value in \"" + key + "\" (requests are flat)");
      if (c == '"') { i++; return string(); }
      if (s.startsWith("true", i)) { i += 4; return Boolean.TRUE; }
      if (s.startsWith("false", i)) { i += 5; return Boolean.FALSE; }
      if (s.startsWith("null", i)) { i += 4; return null; }
      int from = i;
      if (i < s.length() && s.charAt(i) == '-') i++;
      if (i >= s.length() || !Character.isDigit(s.charAt(i))) throw bad("a value wanted");
      if (s.charAt(i) == '0') i++; else while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == digits) throw bad("digits wanted after '.'");
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) i++;
        int digits = i;
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        if (i == digits) throw bad("digits wanted in the exponent");
      }
      return Double.valueOf(s.substring(from, i));
    }

    String string() throws Fault {
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') return b.toString();
        if (c < 0x20) throw bad("a control character inside a string");
        if (c == '\\') {
          char e = next();
          switch (e) {
            case '"': case '\\': case '/': b.append(e); break;
            case 'b': b.append('\b'); break;
            case 'f': b.append('\f'); break;
            case 'n': b.append('\n'); break;
            case 'r': b.append('\r'); break;
            case 't': b.append('\t'); break;
            case 'u':
              if (i + 4 > s.length()) throw bad("a short \\u escape");
              try {
                c = (char) Integer.parseInt(s.substring(i, i + 4), 16);
              } catch (NumberFormatException x) {
                throw bad("a bad \\u escape");
              }
              i += 4;
              b.append(c);
              break;
            default: throw bad("an unknown escape");
          }
        } else b.append(c);
        if (b.charAt(b.length() - 1) > 0xff) {
          throw new Fault("malformed request: a string holds a character above U+00FF (strings are latin1 bytes)");
        }
      }
    }
  }

  /** Latin1 bytes of a request's `data`, or `n` bytes of the a-z pattern. */
  public static byte[] payload(Request r) {
    if (r.has("data")) return r.str("data").getBytes(StandardCharsets.ISO_8859_1);
    byte[] b = new byte[r.num("bytes")];
    for (int k = 0; k < Math.min(b.length, 26); k++) b[k] = (byte) ('a' + k);
    // Doubling copies keep the pattern (each copied length is a multiple of 26) at memcpy speed.
    for (int filled = 26; filled < b.length; filled *= 2) System.arraycopy(b, 0, b, filled, Math.min(filled, b.length - filled));
    return b;
  }

  /** A read's bytes as the reply's latin1 string. */
  public static String latin1(byte[] b, int n) { return new String(b, 0, n, StandardCharsets.ISO_8859_1); }

  private Channel() {}
}
