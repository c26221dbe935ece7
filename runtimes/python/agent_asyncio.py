#!/usr/bin/env python3
# sockspec agent, program `asyncio` of the python runtime (harness/protocol/PROTOCOL.md): asyncio
# streams as an asyncio program uses them, so a reply is what such a program sees.
#
# The request plumbing (parsing, field checks, faults, bytes and reply values) is agent.py's, imported:
# this file is the ops. The event loop runs the whole time: requests are read from stdin through the
# loop (connect_read_pipe), so between two requests the loop goes on accepting and reading, as a
# server's loop does. What that means, from CPython's Lib/asyncio (selector_events.py, streams.py):
# - listen is asyncio.start_server(): its accept loop (_accept_connection) takes every connection
#   the moment it arrives and hands it to the callback, which puts it on a queue; `accept` takes the
#   next one from that queue (asyncio.wait_for bounds the wait). reuse_address is what start_server
#   does unless asked: on POSIX it sets SO_REUSEADDR (create_server).
# - Every transport reads eagerly into its StreamReader (_read_ready__data_received), up to the
#   reader's limit (2 x 64 KiB), and sets TCP_NODELAY (_SelectorSocketTransport.__init__).
#   `recv` is reader.read(max), `recvAll` reader.readexactly(n), each inside asyncio.wait_for.
# - send is writer.write() then await writer.drain(): write() hands everything to the transport
#   (what send(2) does not take waits in its buffer), drain() waits until that buffer is below the
#   high-water mark. A transport that already failed swallows later writes and drain() raises
#   ConnectionResetError('Connection lost'), an error asyncio makes up (errno None: synthesized).
# - close is writer.close() + await writer.wait_closed(); abort is SO_LINGER {1, 0} on the
#   transport's socket, then writer.transport.abort() (abort() alone closes with a FIN: op_abort);
#   shutdown(write) is writer.write_eof(). Streams have no shutdown(read): unsupported.
# - A listener's close is Server.close(): the listening socket only; connections it accepted stay.
# - Options asyncio has no call for (nodelay, keepalive and its tuning, linger, user_timeout) are set the way an
#   asyncio program sets them: setsockopt on transport.get_extra_info('socket'). rcvtimeo is not:
#   asyncio's sockets are non-blocking and every read waits in the selector, so SO_RCVTIMEO would
#   never end one. An asyncio program bounds a read with asyncio.wait_for, so `rcvtimeo` is that
#   bound, kept per connection, on each `blocking` recv; its expiry is asyncio's TimeoutError (no
#   errno: made up by asyncio) and the connection stays usable (StreamReader.read is cancel-safe).
# - reserve (a port held, no listen) has no asyncio form; it is agent.py's plain socket.
import asyncio
import errno
import os
import socket
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves the script's folder off sys.path
import agent as plain  # noqa: E402  (runtimes/python/agent.py: the shared plumbing)

Fault = plain.Fault
sockets = plain.sockets  # one name -> object map, so agent.py's arg_sock and arg_new_name see ours
TIMEOUT_ERRORS = (asyncio.TimeoutError, TimeoutError)
# A request line can carry 64 MiB of bytes, each up to six characters escaped.
STDIN_LIMIT = 8 * plain.MAX_READ_BYTES


class Listener:
    """A start_server() server and the queue its callback fills with accepted (reader, writer) pairs."""

    def __init__(self):
        self.server = None
        self.queue = asyncio.Queue()

    def accepted(self, reader, writer):
        self.queue.put_nowait((reader, writer))

    def socket(self):
        return self.server.sockets[0]


class Connecting:
    """A connect in flight (inFlight): the open_connection task, which close cancels."""

    def __init__(self, task):
        self.task = task

    def close(self):
        self.task.cancel()

    def socket(self):
        raise Fault('a connect in flight has no socket to act on but by close')


class Stream:
    """One connection: asyncio's reader and writer."""

    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        # The `rcvtimeo` bound on a blocking read (seconds), None for none.
        self.read_timeout = None
        # The error the transport's send(2) met, once one did: the reader holds it from then on,
        # and a later read raises it, so a reply can name the call that really failed.
        self.send_error = None

    def origin(self, err):
        """The syscall behind an error asyncio stored and raised again: its send(2), else its recv(2)."""
        return 'send' if err is self.send_error else 'recv'

    def socket(self):
        return self.writer.get_extra_info('socket')


def error(err, syscall=None):
    """An exception asyncio raised, as a reply: errno None means asyncio made it up (no failing syscall)."""
    num = getattr(err, 'errno', None)
    message = str(err) or type(err).__name__
    if isinstance(num, int):
        return {'ok': False, 'error': {'errno': plain.errno_name(num), 'name': type(err).__name__,
                                       'synthesized': False, 'syscall': syscall,
                                       'message': getattr(err, 'strerror', None) or message}}
    return {'ok': False, 'error': {'errno': None, 'name': type(err).__name__, 'synthesized': True,
                                   'syscall': None, 'message': message}}


def seconds(ms):
    return max(ms / 1000.0, 1e-6)


def kind(req, cls, what):
    obj = plain.arg_sock(req)
    if not isinstance(obj, cls):
        raise Fault('socket "%s" is not %s' % (req['sock'], what))
    return obj


def sock_of(obj):
    """The socket an option or TCP_INFO is read from: the transport's (a TransportSocket) or the plain one."""
    return obj if isinstance(obj, socket.socket) else obj.socket()


def lost(stream, err):
    """drain()'s ConnectionResetError('Connection lost'): made up by asyncio, the cause named beside it."""
    cause = stream.reader.exception()
    reply = error(err)
    if cause is not None:
        reply['error']['message'] = '%s (the transport had met %s: %s)' % (reply['error']['message'], type(cause).__name__, cause)
    return reply


# ---------- the ops: coroutines returning an outcome dict, or raising Fault ----------

async def op_listen(req):
    name = plain.arg_new_name(req)
    host = plain.arg_str(req, 'host')
    port = plain.arg_int(req, 'port', 0, 0, 65535)
    backlog = plain.arg_int(req, 'backlog', plain.DEFAULT_BACKLOG, 0, 65535)
    reuse = req.get('reuseAddr')
    if reuse is not None:
        reuse = plain.arg_bool(req, 'reuseAddr')
    plain.arg_bool(req, 'allowHalfOpen')  # streams keep our side open after the peer's FIN either way
    if plain.arg_bool(req, 'pauseOnConnect'):
        return plain.unsupported('asyncio has no pauseOnConnect: start_server starts reading each connection it accepts')
    proto = plain.stream_proto(req)
    if proto is None:
        return plain.unsupported(plain.NO_MPTCP)
    family, sockaddr = plain.resolve(host, port)  # a Fault for a host that is not numeric, before asyncio would try DNS
    listener = Listener()
    try:
        if proto:
            # start_server has no protocol: an MPTCP listener is a socket of our own, handed over with sock=.
            listener.server = await asyncio.start_server(listener.accepted, sock=bound_socket(family, sockaddr, proto, reuse),
                                                         backlog=backlog)
        else:
            listener.server = await asyncio.start_server(listener.accepted, host, port, backlog=backlog,
                                                         reuse_address=reuse)
    except OSError as err:
        return error(err, 'bind')
    sockets[name] = listener
    return plain.ok({'port': listener.socket().getsockname()[1]})


def bound_socket(family, sockaddr, proto, reuse):
    # As start_server() does without reuse_address: SO_REUSEADDR on POSIX (base_events.py create_server()).
    if reuse is None:
        reuse = os.name == 'posix' and sys.platform != 'cygwin'
    sock = socket.socket(family, socket.SOCK_STREAM, proto)
    try:
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


async def op_reserve(req):
    return plain.op_reserve(req)


def bind_failure(err):
    # create_connection re-raises a failed bind of local_addr as a new OSError with this text.
    return str(err).startswith('error while attempting to bind')


async def connect_stream(family, sockaddr, bind_port, reuse, proto=0):
    if not reuse and not proto:
        local = plain.any_address(family, bind_port) if bind_port else None
        return await asyncio.open_connection(sockaddr[0], sockaddr[1], local_addr=local)
    # open_connection has no SO_REUSEADDR for a client, nor a protocol (MPTCP): the asyncio way is a
    # socket of our own, connected by loop.sock_connect and handed over with sock=.
    sock = socket.socket(family, socket.SOCK_STREAM, proto)
    try:
        sock.setblocking(False)
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if bind_port:
            try:
                sock.bind(plain.any_address(family, bind_port))
            except OSError as err:
                raise OSError(err.errno, 'error while attempting to bind on address: %s' % err.strerror)
        if proto:
            await connect_unresolved(sock, sockaddr)
        else:
            await asyncio.get_running_loop().sock_connect(sock, sockaddr)
        return await asyncio.open_connection(sock=sock)
    except BaseException:
        sock.close()
        raise


# loop.sock_connect() resolves even a numeric address with the socket's protocol, and getaddrinfo() knows no
# IPPROTO_MPTCP (base_events.py _ipaddr_info() returns None for a proto other than 0, TCP or UDP; getaddrinfo then
# fails EAI_SOCKTYPE, measured): the connect is made as selector_events.py _sock_connect() makes it, by hand.
async def connect_unresolved(sock, sockaddr):
    err = sock.connect_ex(sockaddr)
    if err == 0:
        return
    if err not in (errno.EINPROGRESS, errno.EWOULDBLOCK):
        raise OSError(err, os.strerror(err))
    loop = asyncio.get_running_loop()
    writable = loop.create_future()
    loop.add_writer(sock.fileno(), lambda: writable.done() or writable.set_result(None))
    try:
        await writable
    finally:
        loop.remove_writer(sock.fileno())
    err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    if err:
        raise OSError(err, os.strerror(err))


async def op_connect(req):
    name = plain.arg_new_name(req)
    host = plain.arg_str(req, 'host')
    port = plain.arg_int(req, 'port', None, 0, 65535)
    timeout = plain.arg_timeout(req)
    bind_port = plain.arg_int(req, 'bindPort', 0, 1, 65535) if req.get('bindPort') is not None else 0
    reuse = plain.arg_bool(req, 'reuseAddr')
    plain.arg_bool(req, 'allowHalfOpen')  # StreamReaderProtocol.eof_received keeps the transport open: always half-open
    in_flight = plain.arg_bool(req, 'inFlight')
    proto = plain.stream_proto(req)
    if proto is None:
        return plain.unsupported(plain.NO_MPTCP)
    family, sockaddr = plain.resolve(host, port)
    if in_flight:
        # The program keeps the open_connection task; cancelling it closes the connecting socket
        # (base_events.py _connect_sock(): sock.close() on any exception, CancelledError included).
        sockets[name] = Connecting(asyncio.ensure_future(connect_stream(family, sockaddr, bind_port, reuse, proto)))
        return plain.ok({'inFlight': True})
    try:
        reader, writer = await asyncio.wait_for(connect_stream(family, sockaddr, bind_port, reuse, proto), seconds(timeout))
    except TIMEOUT_ERRORS as err:
        if getattr(err, 'errno', None) is None:
            return plain.agent_timeout('connect had no outcome', timeout)
        return error(err, 'connect')
    except OSError as err:
        return error(err, 'bind' if bind_failure(err) else 'connect')
    sockets[name] = Stream(reader, writer)
    return plain.ok({'localPort': writer.get_extra_info('sockname')[1]})


async def op_accept(req):
    listener = kind(req, Listener, 'a listener')
    name = plain.arg_new_name(req)
    timeout = plain.arg_timeout(req)
    try:
        reader, writer = await asyncio.wait_for(listener.queue.get(), seconds(timeout))
    except TIMEOUT_ERRORS:
        return plain.agent_timeout('no connection arrived', timeout)
    sockets[name] = Stream(reader, writer)
    return plain.ok({'remotePort': writer.get_extra_info('peername')[1]})


# write() then drain(): no agent bound, as a blocking send has none (the harness deadline reports a
# drain that waits on a full peer window). write() after write_eof() raises RuntimeError: asyncio's own.
# An error the reader already held before this send is raised again by drain(): its errno is real,
# from the call named as its syscall (an earlier recv(2), or send(2)), not from this write.
async def op_send(req):
    stream = kind(req, Stream, 'a connection')
    data = plain.payload(req)
    plain.arg_timeout(req)  # checked (op-spec.ts), unused: drain() waits as a program's does, for the harness deadline
    prior = stream.reader.exception()
    try:
        stream.writer.write(data)
        await stream.writer.drain()
    except OSError as err:
        if err is prior:
            return error(err, stream.origin(err))
        now = stream.reader.exception()
        if now is not None and now is not prior:
            stream.send_error = now  # the transport's write failed inside this call
        return lost(stream, err) if getattr(err, 'errno', None) is None else error(err, 'send')
    except RuntimeError as err:
        return error(err)
    return plain.ok({'bytes': len(data)})


async def op_recv(req):
    stream = kind(req, Stream, 'a connection')
    size = plain.arg_int(req, 'max', plain.DEFAULT_RECV_MAX, 1, plain.MAX_READ_BYTES)
    timeout = plain.arg_timeout(req)
    blocking = plain.arg_bool(req, 'blocking')
    bound = stream.read_timeout if blocking else seconds(timeout)
    try:
        data = await asyncio.wait_for(stream.reader.read(size), bound)
    except TIMEOUT_ERRORS as err:
        if getattr(err, 'errno', None) is not None:
            return error(err, stream.origin(err))
        if blocking:
            return error(err)  # the rcvtimeo bound: asyncio's own TimeoutError, no errno
        return plain.agent_timeout('nothing to read', timeout)
    except OSError as err:
        return error(err, stream.origin(err))
    return plain.ok(plain.data_value(data)) if data else plain.ok({'eof': True})


async def op_recv_all(req):
    stream = kind(req, Stream, 'a connection')
    total = plain.arg_int(req, 'bytes', None, 0, plain.MAX_READ_BYTES)
    timeout = plain.arg_timeout(req)
    try:
        data = await asyncio.wait_for(stream.reader.readexactly(total), seconds(timeout))
    except asyncio.IncompleteReadError as err:
        return plain.ok(plain.data_value(err.partial, eof=True) if err.partial else {'eof': True})
    except TIMEOUT_ERRORS as err:
        if getattr(err, 'errno', None) is None:
            return plain.agent_timeout('fewer than %d bytes arrived' % total, timeout)
        return error(err, stream.origin(err))
    except OSError as err:
        return error(err, stream.origin(err))
    return plain.ok(plain.data_value(data))


async def op_shutdown(req):
    if isinstance(plain.arg_sock(req), Listener):
        # asyncio.Server has close() and nothing else: no shutdown(2) of a listening socket.
        return plain.unsupported('asyncio.Server has close() only: no shutdown of a listening socket')
    stream = kind(req, Stream, 'a connection')
    how = plain.arg_str(req, 'how')
    if how not in plain.SHUTDOWN_HOW:
        raise Fault('field "how" must be "write", "read" or "both"')
    if how != 'write':
        return plain.unsupported('asyncio streams have no shutdown of the reading side (only writer.write_eof())')
    try:
        stream.writer.write_eof()
    except OSError as err:
        return error(err, 'shutdown')
    return plain.ok()


# Both closes end the same way: the transport's close is awaited, bounded; an error it reports is the reply.
async def closed(writer):
    try:
        await asyncio.wait_for(writer.wait_closed(), seconds(plain.DEFAULT_TIMEOUT_MS))
    except TIMEOUT_ERRORS as err:
        if getattr(err, 'errno', None) is None:
            return plain.agent_timeout('the transport did not close', plain.DEFAULT_TIMEOUT_MS)
        return error(err, 'close')
    except OSError as err:
        return error(err, 'close')
    return plain.ok()


# Server.wait_closed() is not awaited: from 3.12 it waits for every connection the server accepted
# (which the agent still holds by name); the listening socket is closed by close() itself.
async def close_object(obj):
    if isinstance(obj, Listener):
        obj.server.close()
        return plain.ok()
    if isinstance(obj, socket.socket):
        obj.close()
        return plain.ok()
    if isinstance(obj, Connecting):
        obj.task.cancel()
        try:
            reader, writer = await obj.task
            writer.close()  # it had connected before the cancel reached it
        except BaseException:  # CancelledError, or the connect's own error: the socket is closed either way
            pass
        return plain.ok()
    # One loop turn first, as on an idle loop: readiness the kernel signalled before this request (the peer's data
    # and its RST while the loop was busy) is handled before the close. Without it one recv(2) in the request's turn
    # took the data, and writer.close() removed the reader before the next met the RST (measured: close ok, 28 bytes
    # held; one turn later ECONNRESET, as idle). selector_events.py _SelectorTransport.close(): _remove_reader().
    await asyncio.sleep(0)
    obj.writer.close()
    return await closed(obj.writer)


async def op_close(req):
    plain.arg_sock(req)
    return await close_object(sockets.pop(req['sock']))


# transport.abort() drops what is still buffered and closes the socket at once, but it is close(2)
# with no SO_LINGER (_SelectorTransport._force_close, then _call_connection_lost: sock.close()), so
# the kernel sends FIN, not RST (measured here: the peer's recv reads EOF). The asyncio way to reset
# is SO_LINGER {1, 0} on the transport's socket first, as a plain socket program does.
# Streams have no disconnect, and the transport's socket is the plain module's case (no AF_UNSPEC connect).
async def op_disconnect(req):
    plain.arg_sock(req)
    return plain.unsupported('asyncio streams have no disconnect; ' + plain.DISCONNECT_UNSUPPORTED)


async def op_abort(req):
    stream = kind(req, Stream, 'a connection')
    sock = stream.socket()
    if sock is not None and sock.fileno() != -1:  # a transport that failed has closed its socket already
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, plain.linger_value(True, 0))
        except OSError as err:
            return error(err, 'setsockopt')
    del sockets[req['sock']]
    stream.writer.transport.abort()
    return await closed(stream.writer)


def set_opt(sock, level, option, value):
    try:
        sock.setsockopt(level, option, value)
    except OSError as err:
        return error(err, 'setsockopt')
    return plain.ok()


async def op_setopt(req):
    obj = plain.arg_sock(req)
    name = plain.arg_str(req, 'name')
    if req.get('value') is None:
        raise Fault('missing field "value"')
    sock = sock_of(obj)
    if sock is None:
        return error(ConnectionResetError('the transport is closed'))
    if name == 'linger':
        secs = plain.arg_int(req, 'value', None, -plain.MAX_OPT_MS, plain.MAX_OPT_MS)
        return set_opt(sock, socket.SOL_SOCKET, socket.SO_LINGER, plain.linger_value(secs >= 0, max(secs, 0)))
    if name == 'nodelay':
        return set_opt(sock, socket.IPPROTO_TCP, socket.TCP_NODELAY, plain.opt_flag(req, name))
    if name == 'keepalive':
        return set_opt(sock, socket.SOL_SOCKET, socket.SO_KEEPALIVE, plain.opt_flag(req, name))
    if name == 'rcvtimeo':
        ms = plain.arg_int(req, 'value', None, 0, plain.MAX_OPT_MS)
        if not isinstance(obj, Stream):
            return plain.unsupported('the asyncio agent bounds reads of connections only')
        obj.read_timeout = ms / 1000.0 if ms else None
        return plain.ok()
    if name == 'user_timeout':
        if plain.TCP_USER_TIMEOUT is None:
            return plain.unsupported('no TCP_USER_TIMEOUT on this platform')
        ms = plain.arg_int(req, 'value', None, 0, plain.MAX_OPT_MS)
        return set_opt(sock, socket.IPPROTO_TCP, plain.TCP_USER_TIMEOUT, ms)
    if name in ('keepidle', 'keepintvl', 'keepcnt'):
        if name not in plain.KEEP_TUNING:
            return plain.unsupported('no %s in this Python\'s socket module' % name.upper())
        opt, most = plain.KEEP_TUNING[name]
        return set_opt(sock, socket.IPPROTO_TCP, opt, plain.arg_int(req, 'value', None, 1, most))
    return plain.unsupported('the python asyncio agent has no option "%s"' % name[:64])


def tcp_info(req):
    obj = plain.arg_sock(req)
    if plain.TCP_INFO is None:
        return None, plain.unsupported('no TCP_INFO on this platform')
    sock = sock_of(obj)
    if sock is None:
        return None, error(ConnectionResetError('the transport is closed'))
    try:
        return plain.read_tcp_info(sock), None
    except OSError as err:
        return None, error(err, 'getsockopt')


async def op_state(req):
    info, failed = tcp_info(req)
    return failed or plain.ok({'state': plain.state_name(info[0])})


async def op_info(req):
    info, failed = tcp_info(req)
    return failed or plain.ok({'state': plain.state_name(info[0]), 'retransmits': info[2], 'rto_us': info[8],
                               'backoff': info[4], 'unacked': info[12], 'lost': info[14],
                               'total_retrans': info[31]})


# agent.py's table of each op's fields (harness/protocol/op-spec.ts), with these ops.
OPS = {op: (fn, plain.FIELDS[op]) for op, fn in {
    'listen': op_listen, 'reserve': op_reserve, 'connect': op_connect, 'accept': op_accept, 'send': op_send,
    'recv': op_recv, 'recvAll': op_recv_all, 'shutdown': op_shutdown, 'close': op_close, 'abort': op_abort,
    'disconnect': op_disconnect, 'setopt': op_setopt, 'state': op_state, 'info': op_info,
}.items()}


# ---------- dispatch ----------

def write_line(message):
    try:
        sys.stdout.buffer.write(plain.json.dumps(message, ensure_ascii=True, separators=(',', ':')).encode('ascii') + b'\n')
        sys.stdout.buffer.flush()
    except (OSError, ValueError):
        os._exit(1)  # the harness is gone: nobody can read a reply


async def handle(raw):
    """Exactly one reply line per request line, whatever the line holds."""
    try:
        req = plain.parse_request(raw)
    except Fault as fault:
        return {'id': None, 'fault': str(fault)}
    rid = plain.request_id(req)
    if rid is None:
        return {'id': None, 'fault': '"id" must be a positive integer'}
    op = req.get('op')
    if not isinstance(op, str):
        return {'id': rid, 'fault': 'missing field "op"'}
    if op not in OPS:
        return {'id': rid, 'fault': 'unknown op "%s"' % op[:64]}
    fn, known = OPS[op]
    start = time.time() * 1000.0
    began = time.perf_counter()
    option = next((k for k, v in req.items() if v is True and k not in known), None)
    try:
        if option is not None:
            outcome = plain.unsupported('the python asyncio agent has no option "%s"' % option[:64])
        else:
            outcome = await fn(req)
    except Fault as fault:
        return {'id': rid, 'fault': str(fault)}
    except (ValueError, TypeError, OverflowError) as err:
        return {'id': rid, 'fault': 'the request made Python raise %s: %s' % (type(err).__name__, err)}
    reply = {'id': rid}
    reply.update(outcome)
    reply['t'] = {'start': round(start, 3), 'ms': round((time.perf_counter() - began) * 1000.0, 3)}
    return reply


# The harness's stdin is a pipe, read through the loop. A file, a tty or /dev/null cannot be polled
# (epoll refuses them: EPERM), and Windows' ProactorEventLoop reads only handles opened for
# overlapped I/O, which an inherited stdin need not be: there a thread reads and hands lines to the loop.
async def stdin_reader():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=STDIN_LIMIT)
    mode = os.fstat(sys.stdin.fileno()).st_mode
    if os.name == 'posix' and (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)):
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
        return reader
    import threading

    def pump():
        for line in iter(sys.stdin.buffer.readline, b''):
            loop.call_soon_threadsafe(reader.feed_data, line)
        loop.call_soon_threadsafe(reader.feed_eof)
    threading.Thread(target=pump, daemon=True).start()
    return reader


async def close_all():
    """Stdin EOF: close everything, queued connections no accept took included, without waiting on any."""
    for obj in list(sockets.values()):
        if isinstance(obj, Listener):
            obj.server.close()
            while not obj.queue.empty():
                obj.queue.get_nowait()[1].close()
        elif isinstance(obj, Stream):
            obj.writer.close()
        else:
            obj.close()
    sockets.clear()
    await asyncio.sleep(0)  # one loop turn: the transports' scheduled connection_lost (and close(2)) run


async def main():
    features = ['linger']
    if plain.TCP_INFO is not None:
        features += ['state', 'info']
    features += ['abort', 'nosignal', 'reuseAddr', 'bindPort', 'rcvtimeo', 'keepalive']
    if plain.TCP_USER_TIMEOUT is not None:
        features.append('user_timeout')
    features += sorted(plain.KEEP_TUNING, key=['keepidle', 'keepintvl', 'keepcnt'].index)
    features += ['blocking', 'sendBytes', 'allowHalfOpen', 'inFlight']
    if plain.MPTCP is not None:
        features.append('mptcp')
    version = sys.version.split()[0]
    write_line({'hello': 'sockspec-agent', 'protocol': 1, 'runtime': 'python',
                'version': version if sys.implementation.name == 'cpython' else '%s %s' % (sys.implementation.name, version),
                'pid': os.getpid(), 'features': features})
    stdin = await stdin_reader()
    while True:
        try:
            raw = await stdin.readline()
        except ValueError:
            write_line({'id': None, 'fault': 'malformed request: a line longer than %d bytes' % STDIN_LIMIT})
            break
        if not raw:
            break
        write_line(await handle(raw.rstrip(b'\r\n')))
    await close_all()  # stdin EOF: the harness is done (or died); leave nothing behind


if __name__ == '__main__':
    asyncio.run(main())
