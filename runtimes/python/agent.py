#!/usr/bin/env python3
# sockspec Python agent (harness/protocol/PROTOCOL.md): the standard library's `socket` module used the
# idiomatic way, so a reply is what a plain Python program sees. Python's socket module is a thin
# layer over the BSD calls (cpython Modules/socketmodule.c), so this agent mirrors the C agent
# (runtimes/c/agent.c) call for call; where Python adds or changes something, it shows as it is.
#
# Standard library only, one file, Python >= 3.8. Choices, and what CPython does underneath:
# - Sockets stay in Python's default blocking mode (gettimeout() is None). A bounded wait
#   (`timeoutMs` on connect, accept, recv, recvAll) is Python's own idiom, sock.settimeout(t)
#   around the call, restored to None afterwards: sock_call_ex() then polls the fd and makes the
#   call once it is ready, the same poll-then-call as the C agent. A connect with a timeout is
#   connect(2) on an O_NONBLOCK fd, poll(POLLOUT), then getsockopt(SO_ERROR) (internal_connect),
#   as in the C agent. When the poll runs out Python raises its own timeout: socket.timeout
#   (TimeoutError since 3.10) with errno None; we reply it as the agent timeout.
# - `send` is sock.send(): one send(2), whose result (a count, partial or not, or the error) is
#   the reply, as PROTOCOL.md's "one write" asks. sock.sendall() loops over send(2) and, when a
#   later call fails, raises without saying how much went out; on a blocking socket one send(2)
#   already waits until the whole buffer is queued, so the two differ only in that failure.
# - `rcvtimeo` is setsockopt(SO_RCVTIMEO, struct timeval), not sock.settimeout(). PROTOCOL.md's
#   `blocking` recv is a read that blocks in the kernel until SO_RCVTIMEO ends it: with the socket
#   in blocking mode, sock.recv() is one recv(2), and CPython raises the EAGAIN it returns as
#   BlockingIOError (sock_call_ex retries EAGAIN only when a Python timeout is set).
#   sock.settimeout() would be the other idiom, but it is no kernel timeout: it makes the fd
#   O_NONBLOCK for good (every later send(2) may then return a partial count instead of
#   blocking) and the wait ends in Python's poll with a TimeoutError Python makes up (errno None).
# - close() is sock.close(); CPython ignores ECONNRESET from close(2) (sock_close, bpo-30319).
# - abort is setsockopt(SO_LINGER, {1, 0}) then close(): Python has no abortive-close call.
# - SIGPIPE: the interpreter sets it to SIG_IGN at start-up (Python/pylifecycle.c), so a write
#   to a reset connection raises BrokenPipeError (EPIPE) instead of killing us. We keep it so.
# - `listen` is socket(), bind(), listen() with SO_REUSEADDR only when asked. (The stdlib's
#   socket.create_server() and asyncio's create_server() set SO_REUSEADDR on POSIX by default;
#   the plain calls do not.)
# - pauseOnConnect and allowHalfOpen are accepted as no-ops, as in the C agent: nothing reads a
#   socket before recv, and a FIN never closes our side.
import errno
import json
import os
import socket
import struct
import sys
import time

DEFAULT_TIMEOUT_MS = 2000
DEFAULT_BACKLOG = 16
DEFAULT_RECV_MAX = 65536
MAX_READ_BYTES = 64 * 1024 * 1024
MAX_SEND_BYTES = MAX_READ_BYTES
MAX_OPT_MS = 2147483647
MAX_ID = 9007199254740991
MAX_NAME_LENGTH = 63  # harness/protocol/op-spec.ts: the C agent's name slot holds 64 bytes with its NUL
PATTERN = b'abcdefghijklmnopqrstuvwxyz'

LINUX = sys.platform.startswith('linux')
WINDOWS = sys.platform == 'win32'
TCP_INFO = getattr(socket, 'TCP_INFO', None) if LINUX else None
TCP_USER_TIMEOUT = getattr(socket, 'TCP_USER_TIMEOUT', None) if LINUX else None
SO_RCVTIMEO = getattr(socket, 'SO_RCVTIMEO', None)
# Keep-alive tuning, by setopt name: (socket option, largest value); macOS names the idle time TCP_KEEPALIVE.
KEEP_TUNING = {name: (opt, most) for name, opt, most in (
    ('keepidle', getattr(socket, 'TCP_KEEPIDLE', getattr(socket, 'TCP_KEEPALIVE', None)), 32767),
    ('keepintvl', getattr(socket, 'TCP_KEEPINTVL', None), 32767),
    ('keepcnt', getattr(socket, 'TCP_KEEPCNT', None), 127)) if opt is not None}
# Python's own read/connect timeout: socket.timeout, an alias of TimeoutError since 3.10.
PY_TIMEOUT = socket.timeout

# One portable name where two share a value (errno.errorcode keeps the later one), as the C agent has them.
ERRNO_ALIASES = {'EWOULDBLOCK': 'EAGAIN', 'ENOTSUP': 'EOPNOTSUPP', 'EDEADLOCK': 'EDEADLK'}

# Linux's tcp_states.h order, with the kernel's own names (TCP_CLOSE is "CLOSE").
TCP_STATES = ('UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
              'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV')
# struct tcp_info up to tcpi_total_retrans: 8 u8 (state, ca_state, retransmits, probes, backoff,
# options, wscales, flags), then 24 u32 (rto, ato, snd_mss, rcv_mss, unacked, sacked, lost, ...).
TCP_INFO_FORMAT = '=8B24I'
TCP_INFO_SIZE = struct.calcsize(TCP_INFO_FORMAT)  # 104

sockets = {}  # name -> socket.socket (listeners, connections and reserved ports alike)


class Fault(Exception):
    """The request itself is wrong: answered as a fault, never as a socket result."""


def log(line):
    try:
        sys.stderr.write('[python-agent] %s\n' % line)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


# ---------- replies ----------

def errno_name(num):
    name = errno.errorcode.get(num, 'E%d' % num)
    if name.startswith('WSAE'):  # Windows: CPython keeps Winsock's numbers as errno values
        name = name[3:]
    return ERRNO_ALIASES.get(name, name)


def os_error(err, syscall):
    """The system said no: an error reply. errno None means Python raised it without a failing syscall."""
    num = getattr(err, 'errno', None)
    if isinstance(num, int):
        return {'ok': False, 'error': {
            'errno': errno_name(num), 'name': type(err).__name__, 'synthesized': False,
            'syscall': syscall, 'message': err.strerror or str(err)}}
    return {'ok': False, 'error': {
        'errno': None, 'name': type(err).__name__, 'synthesized': True, 'syscall': None, 'message': str(err)}}


def agent_timeout(what, ms):
    return {'ok': False, 'error': {
        'errno': 'ETIMEDOUT', 'name': 'agent-timeout', 'synthesized': False, 'syscall': None,
        'message': '%s within %d ms' % (what, ms), 'timeout': True}}


def ok(value=None):
    return {'ok': True, 'value': value or {}}


def unsupported(why):
    return {'ok': False, 'unsupported': why}


def is_python_timeout(err):
    # socket.timeout / TimeoutError with no errno: Python's own poll ran out. A kernel ETIMEDOUT
    # (retransmissions or TCP_USER_TIMEOUT gave up) is TimeoutError too, but with errno set.
    return isinstance(err, PY_TIMEOUT) and getattr(err, 'errno', None) is None


class Output:
    def __init__(self):
        self.stream = sys.stdout.buffer

    def write(self, message):
        # ensure_ascii escapes everything outside 0x20-0x7e (0x7f included): every line is printable ASCII.
        line = json.dumps(message, ensure_ascii=True, separators=(',', ':')) + '\n'
        try:
            self.stream.write(line.encode('ascii'))
            self.stream.flush()
        except (OSError, ValueError):
            # The harness is gone: nobody can read a reply, so stop as on stdin EOF.
            close_all()
            os._exit(1)


# ---------- request fields (each raises Fault when wrong) ----------

def _reject_constant(name):
    raise ValueError('%s is not JSON' % name)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def arg_str(req, key):
    if key not in req:
        raise Fault('missing field "%s"' % key)
    v = req[key]
    if not isinstance(v, str):
        raise Fault('field "%s" must be a string' % key)
    return v


def arg_int(req, key, default=None, lo=0, hi=MAX_OPT_MS):
    v = req.get(key)
    if v is None:
        if default is None:
            raise Fault('missing field "%s"' % key)
        return default
    if not is_number(v) or v != int(v) or not lo <= v <= hi:
        raise Fault('field "%s" must be an integer in [%d, %d]' % (key, lo, hi))
    return int(v)


def arg_timeout(req):
    return arg_int(req, 'timeoutMs', DEFAULT_TIMEOUT_MS, 0, MAX_OPT_MS)


def arg_bool(req, key):
    v = req.get(key)
    if v is None:
        return False
    if not isinstance(v, bool):
        raise Fault('field "%s" must be a boolean' % key)
    return v


def arg_sock(req):
    name = arg_str(req, 'sock')
    if name not in sockets:
        raise Fault('unknown socket "%s"' % name)
    return sockets[name]


def arg_new_name(req):
    name = arg_str(req, 'as')
    if not 1 <= len(name) <= MAX_NAME_LENGTH or any(not ' ' <= ch <= '~' for ch in name):
        raise Fault('socket name must be 1-%d printable ASCII characters' % MAX_NAME_LENGTH)
    if name in sockets:
        raise Fault('socket name "%s" is already in use' % name)
    return name


def resolve(host, port):
    """Hosts are numeric by contract: (family, sockaddr) without DNS."""
    try:
        infos = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, socket.IPPROTO_TCP,
                                   socket.AI_NUMERICHOST | socket.AI_NUMERICSERV)
    except (socket.gaierror, UnicodeError, ValueError) as err:
        raise Fault('host "%s" is not a numeric address: %s' % (host, err))
    family, _, _, _, sockaddr = infos[0]
    return family, sockaddr


def any_address(family, port):
    return ('::', port, 0, 0) if family == socket.AF_INET6 else ('0.0.0.0', port)


def bounded(sock, ms):
    """Python's own bound on the next call (settimeout). 0 ms still polls once, as poll(fd, 0) does."""
    sock.settimeout(max(ms / 1000.0, 1e-6))


# ---------- the ops: each returns an outcome dict, or raises Fault ----------

# mptcp: a Multipath TCP socket, socket.socket(family, SOCK_STREAM, IPPROTO_MPTCP) (the constant: Python 3.10+, Linux).
# None: asked for, and this Python has none.
def stream_proto(req):
    if not arg_bool(req, 'mptcp'):
        return 0
    return MPTCP


NO_MPTCP = 'no socket.IPPROTO_MPTCP in this Python (3.10+, Linux only)'
MPTCP = getattr(socket, 'IPPROTO_MPTCP', None) if sys.platform.startswith('linux') else None


def bind_socket(req, do_listen):
    name = arg_new_name(req)
    host = arg_str(req, 'host')
    port = arg_int(req, 'port', 0, 0, 65535)
    reuse = arg_bool(req, 'reuseAddr')
    proto = stream_proto(req) if do_listen else 0
    if proto is None:
        return unsupported(NO_MPTCP)
    backlog = arg_int(req, 'backlog', DEFAULT_BACKLOG, 0, 65535) if do_listen else 0
    if do_listen:  # what the raw API does anyway (nothing reads before recv; a FIN never closes our side): checked, then unused
        arg_bool(req, 'pauseOnConnect')
        arg_bool(req, 'allowHalfOpen')
    family, sockaddr = resolve(host, port)
    try:
        sock = socket.socket(family, socket.SOCK_STREAM, proto)
    except OSError as err:
        return os_error(err, 'socket')
    step = 'setsockopt'
    try:
        # SO_REUSEADDR only when asked: by default TIME_WAIT collisions show as the kernel has them.
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        step = 'bind'
        sock.bind(sockaddr)
        if do_listen:
            step = 'listen'
            sock.listen(backlog)
    except OSError as err:
        sock.close()
        return os_error(err, step)
    sockets[name] = sock
    return ok({'port': sock.getsockname()[1]})


def op_listen(req):
    return bind_socket(req, True)


def op_reserve(req):
    return bind_socket(req, False)


# bindPort binds the any-address of the host's family first, so a case can reconnect from the same 4-tuple.
def op_connect(req):
    name = arg_new_name(req)
    host = arg_str(req, 'host')
    port = arg_int(req, 'port', None, 0, 65535)
    timeout = arg_timeout(req)
    bind_port = arg_int(req, 'bindPort', 0, 1, 65535) if req.get('bindPort') is not None else 0
    reuse = arg_bool(req, 'reuseAddr')
    arg_bool(req, 'allowHalfOpen')  # a FIN never closes our side of a raw socket: checked, then unused
    in_flight = arg_bool(req, 'inFlight')
    proto = stream_proto(req)
    if proto is None:
        return unsupported(NO_MPTCP)
    family, sockaddr = resolve(host, port)
    try:
        sock = socket.socket(family, socket.SOCK_STREAM, proto)
    except OSError as err:
        return os_error(err, 'socket')
    step = 'setsockopt'
    try:
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if bind_port:
            step = 'bind'
            sock.bind(any_address(family, bind_port))
        step = 'connect'
        if in_flight:
            # A blocking connect() cannot be abandoned: close() from another thread leaves the kernel socket to the
            # call that holds it (measured: still SYN-SENT, the thread still in connect, 3 s after the close). A
            # program that may give up sets the socket non-blocking, as selectors-based code does: connect_ex()
            # returns EINPROGRESS once the SYN is sent, and close() then ends the attempt.
            sock.setblocking(False)
            err = sock.connect_ex(sockaddr)
            if err not in (0, errno.EINPROGRESS, getattr(errno, 'WSAEWOULDBLOCK', errno.EINPROGRESS)):
                raise OSError(err, os.strerror(err))
            sockets[name] = sock
            return ok({'inFlight': True})
        bounded(sock, timeout)
        sock.connect(sockaddr)
        sock.settimeout(None)
    except OSError as err:
        sock.close()
        if is_python_timeout(err):
            return agent_timeout('connect had no outcome', timeout)
        return os_error(err, step)
    sockets[name] = sock
    return ok({'localPort': sock.getsockname()[1]})


def op_accept(req):
    listener = arg_sock(req)
    name = arg_new_name(req)
    timeout = arg_timeout(req)
    try:
        bounded(listener, timeout)
        conn, addr = listener.accept()  # the accepted socket is blocking (socket.accept)
    except OSError as err:
        if is_python_timeout(err):
            return agent_timeout('no connection arrived', timeout)
        return os_error(err, 'accept')
    finally:
        listener.settimeout(None)
    sockets[name] = conn
    return ok({'remotePort': addr[1]})


def payload(req):
    if req.get('bytes') is not None:
        if req.get('data') is not None:
            raise Fault('give "data" or "bytes", not both')
        n = arg_int(req, 'bytes', None, 0, MAX_SEND_BYTES)
        return (PATTERN * (n // len(PATTERN) + 1))[:n]
    data = arg_str(req, 'data')
    try:
        return data.encode('latin1')
    except UnicodeEncodeError:
        raise Fault('field "data" must hold bytes (code points 0-255)')


# One blocking send(2) (see the top of the file): its result, partial or failed, is the reply.
# No agent bound on the wait: a send that blocks on a full peer window is the harness deadline's to report.
def op_send(req):
    sock = arg_sock(req)
    arg_timeout(req)  # checked (op-spec.ts), unused: one blocking send(2) has only the harness deadline
    data = payload(req)
    try:
        return ok({'bytes': sock.send(data)})
    except OSError as err:
        return os_error(err, 'send')


def data_value(data, eof=False):
    value = {'data': data.decode('latin1'), 'bytes': len(data)}
    if eof:
        value['eof'] = True
    return value


# Waits for readability (Python's settimeout poll), then exactly one recv(2): data, EOF or the
# error. `blocking: true`: no Python timeout, so recv(2) itself waits until SO_RCVTIMEO ends it
# (EAGAIN, raised by CPython as BlockingIOError) or the harness's deadline does.
def op_recv(req):
    sock = arg_sock(req)
    size = arg_int(req, 'max', DEFAULT_RECV_MAX, 1, MAX_READ_BYTES)
    timeout = arg_timeout(req)
    blocking = arg_bool(req, 'blocking')
    try:
        if not blocking:
            bounded(sock, timeout)
        data = sock.recv(size)
    except OSError as err:
        if is_python_timeout(err):
            return agent_timeout('nothing to read', timeout)
        return os_error(err, 'recv')
    finally:
        if not blocking:
            sock.settimeout(None)
    return ok(data_value(data)) if data else ok({'eof': True})


# Reads until `bytes` arrived. EOF first: what arrived, with eof:true. An error first: the
# error (what arrived before it is dropped, as a failed read would drop it).
def op_recv_all(req):
    sock = arg_sock(req)
    total = arg_int(req, 'bytes', None, 0, MAX_READ_BYTES)
    timeout = arg_timeout(req)
    deadline = time.monotonic() + timeout / 1000.0
    buf = bytearray(total)
    view = memoryview(buf)
    got = 0
    try:
        while got < total:
            bounded(sock, max(0.0, deadline - time.monotonic()) * 1000.0)
            n = sock.recv_into(view[got:], total - got)
            if n == 0:
                return ok(data_value(bytes(view[:got]), eof=True))
            got += n
    except OSError as err:
        if is_python_timeout(err):
            return agent_timeout('%d of %d bytes arrived' % (got, total), timeout)
        return os_error(err, 'recv')
    finally:
        view.release()
        sock.settimeout(None)
    return ok(data_value(bytes(buf)))


SHUTDOWN_HOW = {'write': socket.SHUT_WR, 'read': socket.SHUT_RD, 'both': socket.SHUT_RDWR}


def op_shutdown(req):
    sock = arg_sock(req)
    how = arg_str(req, 'how')
    if how not in SHUTDOWN_HOW:
        raise Fault('field "how" must be "write", "read" or "both"')
    try:
        sock.shutdown(SHUTDOWN_HOW[how])
    except OSError as err:
        return os_error(err, 'shutdown')
    return ok()


# close() frees the name even when it fails: the descriptor is gone either way.
def close_named(name):
    sock = sockets.pop(name)
    try:
        sock.close()
    except OSError as err:
        return os_error(err, 'close')
    return ok()


def op_close(req):
    arg_sock(req)
    return close_named(req['sock'])


def linger_value(on, secs):
    """struct linger: two ints on POSIX; two u_shorts in Winsock."""
    if WINDOWS:
        return struct.pack('HH', 1 if on else 0, min(secs, 0xffff))
    return struct.pack('ii', 1 if on else 0, secs)


def rcvtimeo_value(ms):
    """SO_RCVTIMEO's value: struct timeval {time_t tv_sec; suseconds_t tv_usec}, two C longs on
    LP64 Linux (and 32-bit Linux without 64-bit time_t); macOS reads its int tv_usec from the low
    half of the second long. Winsock takes a DWORD of milliseconds."""
    if WINDOWS:
        return struct.pack('I', ms)
    return struct.pack('ll', ms // 1000, (ms % 1000) * 1000)


# SO_LINGER {1, 0} makes close(2) send RST and drop queued data (RFC 9293 §3.10.5 ABORT).
# socket.connect() parses its address by the socket's own family (CPython Modules/socketmodule.c
# getsockaddrarg(): switch (s->sock_family)), so an AF_INET/AF_INET6 socket cannot be given AF_UNSPEC.
DISCONNECT_UNSUPPORTED = ('socket.connect() takes an address of the socket\'s own family (CPython Modules/socketmodule.c '
                          'getsockaddrarg() switches on sock_family): no connect to AF_UNSPEC, so no disconnect')


def op_disconnect(req):
    arg_sock(req)
    return unsupported(DISCONNECT_UNSUPPORTED)


def op_abort(req):
    sock = arg_sock(req)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger_value(True, 0))
    except OSError as err:
        return os_error(err, 'setsockopt')
    return close_named(req['sock'])


def opt_flag(req, name):
    v = req['value']
    if not isinstance(v, bool):
        raise Fault('%s value must be a boolean' % name)
    return 1 if v else 0


def set_opt(sock, level, option, value):
    try:
        sock.setsockopt(level, option, value)
    except OSError as err:
        return os_error(err, 'setsockopt')
    return ok()


# Names: linger (s), nodelay, keepalive (booleans), rcvtimeo, user_timeout (ms; 0 is off), keepidle,
# keepintvl (s), keepcnt (probes).
def op_setopt(req):
    sock = arg_sock(req)
    name = arg_str(req, 'name')
    if req.get('value') is None:
        raise Fault('missing field "value"')
    if name == 'linger':
        secs = arg_int(req, 'value', None, -MAX_OPT_MS, MAX_OPT_MS)  # negative turns lingering off
        return set_opt(sock, socket.SOL_SOCKET, socket.SO_LINGER, linger_value(secs >= 0, max(secs, 0)))
    if name == 'nodelay':
        return set_opt(sock, socket.IPPROTO_TCP, socket.TCP_NODELAY, opt_flag(req, name))
    if name == 'keepalive':
        return set_opt(sock, socket.SOL_SOCKET, socket.SO_KEEPALIVE, opt_flag(req, name))
    if name == 'rcvtimeo':
        if SO_RCVTIMEO is None:
            return unsupported('no SO_RCVTIMEO in this Python')
        ms = arg_int(req, 'value', None, 0, MAX_OPT_MS)
        return set_opt(sock, socket.SOL_SOCKET, SO_RCVTIMEO, rcvtimeo_value(ms))
    if name == 'user_timeout':
        if TCP_USER_TIMEOUT is None:
            return unsupported('no TCP_USER_TIMEOUT on this platform')
        ms = arg_int(req, 'value', None, 0, MAX_OPT_MS)  # RFC 5482; Linux takes ms
        return set_opt(sock, socket.IPPROTO_TCP, TCP_USER_TIMEOUT, ms)
    if name in ('keepidle', 'keepintvl', 'keepcnt'):
        return set_keep_tuning(req, sock, name)
    return unsupported('the python agent has no option "%s"' % name[:64])


def set_keep_tuning(req, sock, name):
    """TCP_KEEPIDLE, TCP_KEEPINTVL (seconds) or TCP_KEEPCNT (probes), where this Python's socket module has it."""
    if name not in KEEP_TUNING:
        return unsupported('no %s in this Python\'s socket module' % name.upper())
    opt, most = KEEP_TUNING[name]
    return set_opt(sock, socket.IPPROTO_TCP, opt, arg_int(req, 'value', None, 1, most))


def read_tcp_info(sock):
    """struct tcp_info as a tuple (TCP_INFO_FORMAT), or raises OSError."""
    raw = sock.getsockopt(socket.IPPROTO_TCP, TCP_INFO, TCP_INFO_SIZE)
    return struct.unpack(TCP_INFO_FORMAT, raw.ljust(TCP_INFO_SIZE, b'\0'))


def state_name(number):
    return TCP_STATES[number] if number < len(TCP_STATES) else 'STATE_%d' % number


def op_state(req):
    sock = arg_sock(req)
    if TCP_INFO is None:
        return unsupported('no TCP_INFO on this platform')
    try:
        info = read_tcp_info(sock)
    except OSError as err:
        return os_error(err, 'getsockopt')
    return ok({'state': state_name(info[0])})


# Retransmission evidence from TCP_INFO: the backoff and RTO of the segment at the head of
# the retransmit queue, and counts of what is unacknowledged, lost and retransmitted.
def op_info(req):
    sock = arg_sock(req)
    if TCP_INFO is None:
        return unsupported('no TCP_INFO on this platform')
    try:
        info = read_tcp_info(sock)
    except OSError as err:
        return os_error(err, 'getsockopt')
    return ok({'state': state_name(info[0]), 'retransmits': info[2], 'rto_us': info[8], 'backoff': info[4],
               'unacked': info[12], 'lost': info[14], 'total_retrans': info[31]})


# Each op's fields (harness/protocol/op-spec.ts); any other field set to true is an option we cannot
# honour. agent_asyncio.py reads the same table.
FIELDS = {
    'listen': ('as', 'host', 'port', 'backlog', 'pauseOnConnect', 'allowHalfOpen', 'reuseAddr', 'mptcp'),
    'reserve': ('as', 'host', 'port', 'reuseAddr'),
    'connect': ('as', 'host', 'port', 'timeoutMs', 'allowHalfOpen', 'bindPort', 'reuseAddr', 'inFlight', 'mptcp'),
    'accept': ('sock', 'as', 'timeoutMs'),
    'send': ('sock', 'data', 'bytes', 'timeoutMs'),
    'recv': ('sock', 'max', 'timeoutMs', 'blocking'),
    'recvAll': ('sock', 'bytes', 'timeoutMs'),
    'shutdown': ('sock', 'how'),
    'close': ('sock',),
    'abort': ('sock',),
    'disconnect': ('sock',),
    'setopt': ('sock', 'name', 'value'),
    'state': ('sock',),
    'info': ('sock',),
}

OPS = {op: (fn, FIELDS[op]) for op, fn in {
    'listen': op_listen, 'reserve': op_reserve, 'connect': op_connect, 'accept': op_accept, 'send': op_send,
    'recv': op_recv, 'recvAll': op_recv_all, 'shutdown': op_shutdown, 'close': op_close, 'abort': op_abort,
    'disconnect': op_disconnect, 'setopt': op_setopt, 'state': op_state, 'info': op_info,
}.items()}


# ---------- dispatch ----------

def parse_request(raw):
    """The request as a flat dict, or raises Fault (the reply then carries id null)."""
    try:
        text = raw.decode('utf-8')
        req = json.loads(text, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as err:
        raise Fault('malformed request: %s' % err)
    if not isinstance(req, dict):
        raise Fault('malformed request: not a JSON object')
    for key, value in req.items():
        if isinstance(value, (dict, list)):
            raise Fault('malformed request: nested value in "%s" (requests are flat)' % key)
        if max(key + (value if isinstance(value, str) else ''), default='\0') > '\xff':
            raise Fault('malformed request: "%s" holds a character above U+00FF (strings are latin1 bytes)' % key)
    return req


def request_id(req):
    v = req.get('id')
    if not is_number(v) or v != int(v) or not 1 <= v <= MAX_ID:
        return None
    return int(v)


def handle(raw, out):
    """Exactly one reply line per request line, whatever the line holds."""
    try:
        req = parse_request(raw)
    except Fault as fault:
        out.write({'id': None, 'fault': str(fault)})
        return
    rid = request_id(req)
    if rid is None:
        out.write({'id': None, 'fault': '"id" must be a positive integer'})
        return
    op = req.get('op')
    if not isinstance(op, str):
        out.write({'id': rid, 'fault': 'missing field "op"'})
        return
    if op not in OPS:
        out.write({'id': rid, 'fault': 'unknown op "%s"' % op[:64]})
        return
    fn, known = OPS[op]
    start = time.time() * 1000.0
    began = time.perf_counter()
    option = next((k for k, v in req.items() if v is True and k not in known), None)
    try:
        if option is not None:
            outcome = unsupported('the python agent has no option "%s"' % option[:64])
        else:
            outcome = fn(req)
    except Fault as fault:
        out.write({'id': rid, 'fault': str(fault)})
        return
    except (ValueError, TypeError, OverflowError) as err:
        # The socket module refused the arguments before any syscall: the request was wrong.
        out.write({'id': rid, 'fault': 'the request made Python raise %s: %s' % (type(err).__name__, err)})
        return
    reply = {'id': rid}
    reply.update(outcome)
    reply['t'] = {'start': round(start, 3), 'ms': round((time.perf_counter() - began) * 1000.0, 3)}
    out.write(reply)


def close_all():
    for name in list(sockets):
        try:
            sockets.pop(name).close()
        except OSError:
            pass


def main():
    out = Output()
    implementation = sys.implementation.name
    version = sys.version.split()[0]
    features = ['linger']
    if TCP_INFO is not None:
        features += ['state', 'info']
    features += ['nosignal', 'reuseAddr', 'bindPort', 'rcvtimeo', 'keepalive', 'inFlight']
    if TCP_USER_TIMEOUT is not None:
        features.append('user_timeout')
    features += sorted(KEEP_TUNING, key=['keepidle', 'keepintvl', 'keepcnt'].index)
    features += ['blocking', 'sendBytes']
    if MPTCP is not None:
        features.append('mptcp')
    out.write({'hello': 'sockspec-agent', 'protocol': 1, 'runtime': 'python',
               'version': version if implementation == 'cpython' else '%s %s' % (implementation, version),
               'pid': os.getpid(), 'features': features})
    stdin = sys.stdin.buffer
    while True:
        try:
            raw = stdin.readline()
        except KeyboardInterrupt:
            break
        if not raw:
            break
        handle(raw.rstrip(b'\r\n'), out)
    # stdin EOF: the harness is done (or died); leave nothing behind.
    close_all()


if __name__ == '__main__':
    main()
