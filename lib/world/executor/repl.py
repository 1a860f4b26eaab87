"""Persistent Python REPL for the embedded world's executor (standard library only, Python >= 3.11).

The TypeScript side starts this file once per pool as `python3 -S -s -B repl.py '<config json>'`: the
host (see Host below), which forks one REPL per world. Each REPL speaks JSON lines over its own Unix
socket connection:
  TypeScript -> REPL:  {"type": "execute", ...} and {"type": "result", ...}
  REPL -> TypeScript:  {"type": "ready", ...}, {"type": "call", ...}, {"type": "done", ...}
The socket is not on fds 0/1, which point at /dev/null, so nothing a cell prints or reads can mix with
protocol lines.

Output strings copy AppWorld's `world.execute` (see the reference notes on its environment):
printed text, `Execution successful.`, `Execution failed. Traceback:\\n...`, `No code available to execute.`
"""

import ast
import builtins
import calendar
import datetime
import errno
import gc
import io
import itertools
import json
import linecache
import math
import os
import random
import re
import resource
import signal
import sys
import textwrap
import traceback
import types
from collections import Counter, defaultdict
from collections.abc import Iterator
from copy import deepcopy
from functools import reduce

# AppWorld also pre-imports `pendulum` and its DateTime/Date/Time wrappers; pendulum is not in the
# standard library, so this REPL leaves them out rather than depend on a package the sandbox may lack.

CELL_FILE = "<python-input>"
CELL_FILE_PATTERN = re.compile(r'File "<python-input-\d+>"')

# Modules a cell may not import (checked on the syntax tree before running, AppWorld's message form).
FORBIDDEN_MODULES = frozenset("""
os sys subprocess socket shutil ctypes multiprocessing threading _thread importlib signal pathlib io
_io posix nt pty tty termios fcntl resource mmap gc inspect code codeop pdb bdb trace tracemalloc
faulthandler sysconfig site platform webbrowser http urllib ftplib smtplib telnetlib socketserver
xmlrpc imaplib poplib ssl select selectors asyncio concurrent pickle marshal shelve dbm sqlite3
tempfile glob zipimport runpy pkgutil modulefinder venv ensurepip atexit _posixsubprocess _socket
_ctypes _multiprocessing builtins __builtin__ tkinter _tkinter readline
""".split())

# Calls refused on the syntax tree: they evaluate strings as code or reach the interpreter's internals.
FORBIDDEN_FUNCTIONS = frozenset(
    "eval exec compile __import__ globals locals vars breakpoint help exit quit open_code".split()
)

# Attribute and name spellings used to climb from any object to `os` or to frames and code objects.
FORBIDDEN_ATTRIBUTES = frozenset("""
__subclasses__ __globals__ __builtins__ __import__ __code__ __bases__ __base__ __mro__ __class__
__dict__ __closure__ __func__ __self__ __loader__ __spec__ __reduce__ __reduce_ex__ __getattribute__
__init_subclass__ __subclasshook__ __traceback__ __frame__ __wrapped__
mro tb_frame tb_next f_globals f_locals f_builtins f_back f_code gi_frame gi_code cr_frame cr_code
ag_frame ag_code co_code func_globals
""".split())

# Attribute names that lead from an allowed module to a refused one (`datetime.sys`, `random._os`) or
# to the import machinery; compared after stripping leading underscores.
FORBIDDEN_MODULE_ATTRIBUTES = frozenset("""
os sys posix nt subprocess posixsubprocess socket ctypes thread threading signal builtins importlib imp
frozen_importlib frozen_importlib_external bootstrap bootstrap_external multiprocessing resource shutil
modules meta_path path_hooks gcd_import import_module attrgetter methodcaller get_field
""".split())

# Builtins a cell does not get: they run strings as code or open a debugger.
REMOVED_BUILTINS = ("exec", "eval", "compile", "breakpoint", "globals", "locals", "vars", "help")

# Modules the audit hook refuses to load at run time, whatever route the code took to import them.
BLOCKED_MODULE_LOADS = frozenset("""
subprocess _posixsubprocess socket _socket ssl _ssl select selectors asyncio _asyncio ctypes _ctypes
multiprocessing _multiprocessing _posixshmem pty termios fcntl mmap _testcapi _testinternalcapi
_xxsubinterpreters _xxinterpchannels webbrowser http urllib ftplib smtplib telnetlib socketserver
xmlrpc imaplib poplib nntplib tkinter _tkinter readline _ctypes_test
""".split())

# Audit events that spawn processes, reach the network, load native code, signal other processes or
# loosen the limits set at start-up.
BLOCKED_EVENTS = frozenset("""
os.system os.exec os.posix_spawn os.spawn os.fork os.forkpty os.kill os.killpg os.setns os.unshare
subprocess.Popen pty.spawn signal.pthread_kill _thread.start_new_thread socket.__new__ socket.bind
socket.connect socket.getaddrinfo socket.gethostbyname socket.sendto socket.sendmsg
ctypes.dlopen ctypes.dlsym ctypes.cdata ctypes.call_function resource.setrlimit resource.prlimit
mmap.__new__ webbrowser.open os.startfile sys._current_frames
""".split())

# Audit events that change the file system; allowed only under /tmp (the sandbox's private tmpfs).
PATH_EVENTS = {
    "os.remove": 1, "os.rename": 2, "os.rmdir": 1, "os.mkdir": 1, "os.chmod": 1, "os.chown": 1,
    "os.link": 2, "os.symlink": 2, "os.truncate": 1, "os.utime": 1, "os.chflags": 1, "os.lchflags": 1,
    "os.mkfifo": 1, "os.mknod": 1, "shutil.rmtree": 1, "os.setxattr": 1, "os.removexattr": 1,
}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

# Shown as `Exception: ...` like AppWorld's rewritten errors; deriving from BaseException keeps a
# cell's `except Exception:` from swallowing the time-out.
ExecutionTimeout = type("Exception", (BaseException,), {"__module__": "builtins"})


def join_names(names):
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def describe_forbidden(kind, names):
    plural = {"module": "modules", "function": "functions", "attribute": "attributes"}[kind]
    label = kind if len(names) == 1 else plural
    return f"Usage of the following {label} is not allowed: {join_names(names)}."


def is_forbidden_attribute(name):
    return name in FORBIDDEN_ATTRIBUTES or name.lstrip("_") in FORBIDDEN_MODULE_ATTRIBUTES


def find_unsafe_usage(code):
    """Return AppWorld's refusal text for the first kind of forbidden usage found, or None."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None  # reported as a syntax error by the normal path
    found = {"module": [], "function": [], "attribute": []}

    def add(kind, name):
        if name not in found[kind]:
            found[kind].append(name)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in FORBIDDEN_MODULES:
                    add("module", alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and node.module.split(".")[0] in FORBIDDEN_MODULES:
                add("module", node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_FUNCTIONS:
                add("function", func.id)
            elif isinstance(func, ast.Name) and func.id in ("getattr", "setattr", "delattr", "hasattr"):
                # Computed names stay allowed (`getattr(apis, app_name)` is ordinary agent code); what
                # they could reach is guarded by the audit hook and the kernel filter.
                if len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) \
                        and is_forbidden_attribute(str(node.args[1].value)):
                    add("attribute", str(node.args[1].value))
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if is_forbidden_attribute(alias.name):
                    add("function", f"{node.module}.{alias.name}")
        if isinstance(node, ast.Attribute) and is_forbidden_attribute(node.attr):
            add("attribute", node.attr)
        elif isinstance(node, ast.Name) and (node.id in FORBIDDEN_ATTRIBUTES or node.id in ("attrgetter", "methodcaller")):
            add("attribute", node.id)
    for kind in ("module", "function", "attribute"):
        if found[kind]:
            return describe_forbidden(kind, found[kind])
    return None


class Protocol:
    """JSON lines over the two descriptors saved at start-up."""

    def __init__(self, in_fd, out_fd):
        self.reader = os.fdopen(in_fd, "rb", buffering=1 << 16)
        self.out_fd = out_fd

    def send(self, message):
        data = (json.dumps(message, ensure_ascii=True, allow_nan=False) + "\n").encode("ascii")
        view = memoryview(data)
        while view:
            written = os.write(self.out_fd, view)
            view = view[written:]

    def receive(self):
        line = self.reader.readline()
        if not line:
            raise SystemExit(0)  # the TypeScript side closed the stream: shut down quietly
        return json.loads(line)


# Module level and with these names so a positional argument fails exactly as in AppWorld:
# `_wrap_api_request.<locals>._api_request() takes 0 positional arguments but 1 was given`.
def _wrap_api_request(session, app_name, api_name):
    def _api_request(**kwargs):
        return session.call_api(app_name, api_name, kwargs)
    return _api_request


class Session:
    """State of one REPL: user globals, the execution in flight and its API-call bookkeeping."""

    def __init__(self, protocol):
        self.protocol = protocol
        self.cell_count = 0
        self.exec_id = None
        self.api_calls = 0
        self.in_call = False
        self.timeout_pending = False
        self.timeout_seconds = 0
        self.user_globals = self.build_globals()

    # -- the `apis` proxy ------------------------------------------------------------------------
    # The limits on calls and executions are counted by the TypeScript side, which answers a call over the
    # limit with AppWorld's message as `clientError`: nothing counted in this process could be trusted.
    def call_api(self, app, api, kwargs):
        self.api_calls += 1
        seq = self.api_calls
        self.in_call = True
        try:
            self.protocol.send({"type": "call", "exec": self.exec_id, "seq": seq,
                                "app": app, "api": api, "kwargs": kwargs})
            while True:
                answer = self.protocol.receive()
                if answer.get("type") == "result" and answer.get("exec") == self.exec_id \
                        and answer.get("seq") == seq:
                    break
        finally:
            self.in_call = False
        if self.timeout_pending:
            self.raise_timeout()
        if answer.get("clientError"):
            raise Exception(answer["clientError"])
        if answer["status"] != 200:
            raise Exception(f"Response status code is {answer['status']}:\n{answer['json']}")
        return json.loads(answer["json"])

    def build_globals(self):
        session = self

        class AppApis:
            def __init__(self, app_name):
                self._app_name = app_name

            def __getattr__(self, api_name):
                if api_name.startswith("_"):
                    raise AttributeError(api_name)
                return _wrap_api_request(session, self._app_name, api_name)

        class Apis:
            def __getattr__(self, app_name):
                if app_name.startswith("_"):
                    raise AttributeError(app_name)
                return AppApis(app_name)

        real_print = builtins.print

        def print(*args, **kwargs):
            if len(args) == 1 and not kwargs and isinstance(args[0], (list, tuple, dict)):
                try:
                    text = json.dumps(args[0])
                    if len(text) >= 100:
                        text = json.dumps(args[0], indent=1)
                except (TypeError, ValueError):
                    return real_print(*args)
                return real_print(text)
            return real_print(*args, **kwargs)

        def input(*args, **kwargs):
            raise Exception("input(..) is not allowed. All decisions must be made autonomously.")

        safe_builtins = {k: v for k, v in vars(builtins).items() if k not in REMOVED_BUILTINS}
        # The pre-imported `builtins` is a copy without the removed functions (it keeps the real print).
        builtins_module = types.ModuleType("builtins", builtins.__doc__)
        vars(builtins_module).update({k: v for k, v in safe_builtins.items() if not k.startswith("__")})
        user_builtins = dict(safe_builtins, print=print, input=input)
        return {
            "__name__": "__main__", "__builtins__": user_builtins,
            "builtins": builtins_module, "calendar": calendar, "datetime": datetime, "itertools": itertools,
            "json": json, "math": math, "random": random, "re": re, "Counter": Counter,
            "defaultdict": defaultdict, "Iterator": Iterator, "deepcopy": deepcopy, "reduce": reduce,
            "apis": Apis(),
        }

    # -- one execution ---------------------------------------------------------------------------
    def raise_timeout(self):
        self.timeout_pending = False
        seconds = self.timeout_seconds
        shown = int(seconds) if float(seconds).is_integer() else seconds
        raise ExecutionTimeout(f"Execution timed out after {shown} seconds.")

    def on_alarm(self, signum, frame):
        if self.in_call:
            self.timeout_pending = True  # raise once the API answer is read, keeping the pipe in step
            return
        self.raise_timeout()

    def execute(self, request):
        """Return (output, counted): counted says whether AppWorld would count it as an interaction."""
        code = request["code"]
        unsafe = find_unsafe_usage(code)
        if unsafe is not None:
            return "Execution failed. Traceback:\n" + unsafe, False
        code = code.strip()
        try:
            ast.parse(code)
        except SyntaxError as error:
            text = (error.text or "").rstrip()
            return f"Execution failed. Traceback:\nSyntax error in line:\n{text}\nMessage: {error.msg}", False
        if not code:
            return "No code available to execute.", False
        return self.run_cell(code, request), True

    def run_cell(self, code, request):
        self.cell_count += 1
        filename = f"<python-input-{self.cell_count}>"
        # Every line ends in a newline, as lines read from a file do: the caret offsets assume it.
        lines = [line if line.endswith("\n") else line + "\n" for line in code.splitlines(keepends=True)]
        linecache.cache[filename] = (len(code), None, lines, filename)
        self.api_calls = 0
        self.timeout_pending = False
        self.timeout_seconds = request.get("timeoutSeconds", 10)
        stdout, stderr = io.StringIO(), io.StringIO()
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = stdout, stderr
        failure = None
        try:
            compiled = compile(code, filename, "exec")
            if self.timeout_seconds and self.timeout_seconds > 0:
                signal.setitimer(signal.ITIMER_REAL, float(self.timeout_seconds))
            try:
                exec(compiled, self.user_globals)
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except BaseException as error:  # noqa: B036 - a cell's SystemExit is a failed cell, too
            failure = error
        finally:
            sys.stdout, sys.stderr = saved
            self.timeout_pending = False
        if failure is not None:
            return "Execution failed. Traceback:\n" + format_failure(failure)
        output = stdout.getvalue()
        return output if output.strip() else "Execution successful."


def keep_cell_frames(exception):
    """A TracebackException whose stacks (including chained ones) hold only the cells' frames."""
    summary = traceback.TracebackException.from_exception(exception, capture_locals=False)
    seen = set()
    pending = [summary]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        frames = [f for f in current.stack if f.filename.startswith("<python-input-")]
        current.stack = traceback.StackSummary.from_list(frames)
        for chained in (current.__cause__, current.__context__):
            if chained is not None:
                pending.append(chained)
    return summary


def format_failure(exception):
    text = "".join(keep_cell_frames(exception).format())
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "<python-input-" in line), None)
    if start is not None:
        lines = lines[start:]
    message = CELL_FILE_PATTERN.sub(f'File "{CELL_FILE}"', "\n".join(lines))
    return textwrap.dedent(message)


# -- the sandbox's in-process layers -----------------------------------------------------------------
# The one folder cells may write in: this REPL's own /tmp, or where it cannot have one, a fresh folder
# made for it inside SHARED_ROOT, which holds the folders of the other REPLs of the same host (outside
# bubblewrap SHARED_ROOT is a folder made for the host: the machine's /tmp holds everything else on it).
WRITABLE_ROOT = "/tmp"
SHARED_ROOT = None


def real_path(path):
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str):
        return None
    try:
        return os.path.realpath(path)
    except (TypeError, ValueError, OSError):
        return None


def is_within(real, root):
    return real is not None and (real == root or real.startswith(root.rstrip("/") + "/"))


def is_under_tmp(path):
    return is_within(real_path(path), WRITABLE_ROOT)


def is_other_repls_folder(path):
    """True for what lies in another REPL's folder (when the REPLs of a host share one /tmp)."""
    if SHARED_ROOT is None:
        return False
    real = real_path(path)
    return is_within(real, SHARED_ROOT) and real != SHARED_ROOT and not is_within(real, WRITABLE_ROOT)


def is_foreign_proc_path(path):
    """True for /proc entries of other processes (their environment may hold secrets)."""
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, str):
        return False
    real = os.path.realpath(path)
    if not real.startswith("/proc/"):
        return False
    first = real.split("/")[2]
    return first.isdigit() and first != str(os.getpid())


def install_audit_hook():
    def refuse(event):
        raise PermissionError(f"Usage of the following function is not allowed: {event}.")

    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                refuse("open on a file descriptor")
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & WRITE_FLAGS)
            if writes and not is_under_tmp(path):
                raise PermissionError("Writing to OS file system is disabled.")
            if is_foreign_proc_path(path):
                refuse("open on another process's /proc entry")
            if is_other_repls_folder(path):
                refuse("open in another REPL's folder")
        elif event in ("os.listdir", "os.scandir"):
            if args and is_other_repls_folder(args[0]):
                refuse(f"{event} of another REPL's folder")
        elif event == "import":
            name = args[0] if args else ""
            if isinstance(name, str) and name.split(".")[0] in BLOCKED_MODULE_LOADS:
                refuse(f"import {name}")
        elif event in BLOCKED_EVENTS:
            refuse(event)
        elif event in PATH_EVENTS:
            for path in args[:PATH_EVENTS[event]]:
                if not is_under_tmp(path):
                    raise PermissionError("Writing to OS file system is disabled.")

    sys.addaudithook(hook)


def is_readable_by_others(path):
    """True when every directory above `path` lets other users through (needed after dropping root)."""
    current = os.path.abspath(path)
    while True:
        try:
            if not os.stat(current).st_mode & 0o005:
                return False
        except OSError:
            return False
        parent = os.path.dirname(current)
        if parent == current:
            return True
        current = parent


def drop_root():
    """When started as root (without bubblewrap), become `nobody`: agent code never runs as root.

    Raises when it cannot: a REPL that stayed root must not serve (only `unsafe-none` allows it).
    """
    if os.getuid() != 0:
        return False
    stdlib = os.path.dirname(os.__file__)
    if not is_readable_by_others(stdlib):
        raise PermissionError(f"user nobody could not read the standard library at {stdlib}; "
                              "use an interpreter all users can read (AGENTFT_PYTHON=/usr/bin/python3) or bubblewrap")
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
    if os.getuid() != 65534 or os.geteuid() != 65534:
        raise PermissionError("dropping root to user nobody failed")
    return True


PR_SET_PDEATHSIG, PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP = 1, 4, 38, 22
CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWIPC = 0x10000000, 0x00020000, 0x40000000, 0x08000000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC = 0x1, 0x2, 0x4, 0x8, 0x20, 0x1000, 0x2000, 0x4000
MS_NOATIME, MS_NODIRATIME, MS_PRIVATE, MS_RELATIME = 0x400, 0x800, 1 << 18, 1 << 21


def blocking_dir(path):
    """The top-most folder above `path` that other users may not pass through, or None."""
    parts = os.path.abspath(path).split("/")[1:]
    current = ""
    for part in parts:
        current += "/" + part
        try:
            if not os.stat(current).st_mode & 0o001:
                return current
        except OSError:
            return None
    return None


# The namespaces each REPL gets of its own, by how the host runs:
#   nested: under bubblewrap, whose user namespace holds the host; bubblewrap's network namespace has no
#           way out already, so only user, mount, IPC and PID are new.
#   root:   without bubblewrap, as root: all of them, the user namespace mapping only `nobody` (65534), which
#           the REPL becomes; the host writes the maps, as only a process privileged outside may map another id.
#   root-no-userns: the same where the kernel refuses root a user namespace: the REPL becomes `nobody` of
#           the machine's own user namespace.
#   user:   without bubblewrap, as another user: an unprivileged user namespace owns the others.
ISOLATION_FLAGS = {
    "nested": CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWPID,
    "root": CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID,
    "root-no-userns": CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID,
    "user": CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID,
}
NOBODY = 65534


def map_nobody(pid):
    """From the host (root outside): map only `nobody` in the new user namespace of REPL `pid`, and forbid
    setgroups there, so no id of the machine but 65534 is ever the REPL's."""
    for name, text in (("setgroups", "deny"), ("uid_map", f"{NOBODY} {NOBODY} 1"), ("gid_map", f"{NOBODY} {NOBODY} 1")):
        with open(f"/proc/{pid}/{name}", "w") as handle:
            handle.write(text)


def become_nobody():
    """In a REPL of `root` isolation, once the host has mapped its ids: take them.

    Until now the REPL held root's own ids, though no capability outside its namespaces: enough to connect to
    the server's socket and to open a handle on the interpreter's folder, which may lie under a folder only
    root may pass (/root). Returns that handle (above PROTOCOL_FD, which is taken by now)."""
    handle = os.open(os.path.realpath(sys.base_prefix), os.O_PATH | os.O_DIRECTORY)
    os.setresgid(NOBODY, NOBODY, NOBODY)
    os.setresuid(NOBODY, NOBODY, NOBODY)
    if os.getresuid() != (NOBODY,) * 3 or os.getresgid() != (NOBODY,) * 3 or os.getgroups():
        raise PermissionError("becoming user nobody in the REPL's user namespace failed")
    return handle


def map_own_ids(uid, gid):
    """In a new user namespace: keep this process's own ids (nothing else is mapped, so no other user exists)."""
    # Writing one's own uid_map needs a dumpable process; the REPL turns it off again before any cell.
    NATIVE.prctl(PR_SET_DUMPABLE, 1)
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


def unshare_namespaces(isolation):
    """Give this process the namespaces of `isolation` (PID: only for the children it forks next)."""
    native = NATIVE
    uid, gid = os.getuid(), os.getgid()
    flags = ISOLATION_FLAGS[isolation]
    if native.libc.unshare(flags) != 0:
        error = native.ctypes.get_errno()
        raise OSError(error, f"unshare of the REPL's namespaces ({isolation}) failed: {os.strerror(error)}")
    if flags & CLONE_NEWUSER:
        map_own_ids(uid, gid)


def private_proc(native):
    """A /proc that shows this REPL only: a fresh one for its PID namespace where the kernel allows the
    mount; else (under bubblewrap, whose /proc has covered entries, so a new one is refused) an empty
    read-only /proc holding this process's own entry as /proc/1 and /proc/self."""
    try:
        native.mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
        return
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.EACCES):
            raise
    outer = os.readlink("/proc/self")  # this process's pid in the namespace of the mounted /proc
    stage = "/tmp/.agentft-proc"
    os.mkdir(stage, 0o555)
    native.mount(f"/proc/{outer}", stage, None, MS_BIND)
    flags = MS_NOSUID | MS_NODEV | MS_NOEXEC
    native.mount("tmpfs", "/proc", "tmpfs", flags, "size=16k,mode=0755")
    os.mkdir("/proc/1", 0o555)
    os.symlink("1", "/proc/self")
    native.mount(stage, "/proc/1", None, MS_MOVE)
    os.rmdir(stage)
    native.mount(None, "/proc", None, MS_REMOUNT | MS_RDONLY | flags)


def mount_points():
    """Every mount point this process sees (mountinfo's fifth field, its octal escapes undone)."""
    with open("/proc/self/mountinfo") as handle:
        fields = [line.split(" ")[4] for line in handle if line.strip()]
    return sorted({re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), f) for f in fields}, key=len)


STATVFS_TO_MOUNT = ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV), (os.ST_NOEXEC, MS_NOEXEC),
                    (os.ST_NOATIME, MS_NOATIME), (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME))


def remount_read_only(native, writable):
    """Make every mount read-only for this REPL but those under `writable` (its own tmpfs mounts)."""
    for point in mount_points():
        if any(is_within(point, root) for root in writable):
            continue
        try:
            flags = os.statvfs(point).f_flag
        except OSError:
            continue  # under a hidden folder
        if flags & os.ST_RDONLY:
            continue
        # A user namespace may add restrictions to a mount it did not make, never lift one: keep them all.
        kept = sum(bit for st, bit in STATVFS_TO_MOUNT if flags & st)
        native.mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept)


def confine(isolation, tmp_bytes, hidden, prefix_handle=None):
    """In the REPL's own namespaces, before its first cell: a private /tmp with a quota (its only writable
    place), a /proc that shows itself alone, and, without bubblewrap, a private /dev/shm, the server's
    folders hidden and every other mount read-only. As root it also makes the interpreter's folder
    passable where it lies under a folder closed to other users (a pyenv under /root)."""
    native = NATIVE
    native.mount(None, "/", None, MS_REC | MS_PRIVATE)
    prefix = os.path.realpath(sys.base_prefix)
    # A handle on the interpreter's folder, to put it back should a mount below cover it.
    handle = prefix_handle if prefix_handle is not None else os.open(prefix, os.O_PATH | os.O_DIRECTORY)
    tmp = f"size={int(tmp_bytes)},mode=1777"
    if isolation == "nested":
        native.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, tmp)
        private_proc(native)
        native.drop_capabilities()
        os.close(handle)
        return
    for path in hidden:
        real = os.path.realpath(path)
        if os.path.isdir(real) and real != "/" and not is_within(prefix, real) and not is_within(real, prefix):
            native.mount("tmpfs", real, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=0755")
    closed = blocking_dir(prefix) if isolation in ("root", "root-no-userns") else None
    if closed is not None:
        # Cover the closed folder with a passable empty one and put the interpreter's folder back.
        native.mount("tmpfs", closed, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
        os.makedirs(prefix, mode=0o755, exist_ok=True)
        native.mount(f"/proc/self/fd/{handle}", prefix, None, MS_BIND | MS_REC)
        native.mount(None, closed, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    native.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, tmp)
    if is_within(prefix, "/tmp"):
        os.makedirs(prefix, mode=0o755, exist_ok=True)
        native.mount(f"/proc/self/fd/{handle}", prefix, None, MS_BIND | MS_REC)
    os.close(handle)
    if os.path.isdir("/dev/shm"):
        native.mount("tmpfs", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, tmp)
    private_proc(native)
    remount_read_only(native, ["/tmp", "/dev/shm", "/proc"])
    if ISOLATION_FLAGS[isolation] & CLONE_NEWUSER:
        native.drop_capabilities()


# System calls refused by the kernel once the REPL is set up: new processes and threads, program
# execution, sockets, namespaces and mounts, tracing and reading other processes' memory, signals and
# pidfds aimed at other processes, kernel keyrings, BPF, perf, userfaultfd, io_uring (which would bypass
# this filter) and rlimit changes. `SECCOMP_SELF_ONLY` are the signal calls allowed only with this
# process's own pid as their first argument (Python's `signal.raise_signal` and `os.abort` use them).
SECCOMP_ARCHES = {"x86_64": 0xC000003E, "amd64": 0xC000003E, "aarch64": 0xC00000B7, "arm64": 0xC00000B7}
SECCOMP_DENIED = {
    0xC000003E: [57, 58, 59, 322, 56, 435, 41, 53, 101, 272, 308, 165, 166, 155, 161, 321, 298, 250, 248, 249,
                 323, 425, 426, 427, 160, 302, 310, 311, 129, 297, 424, 434, 438, 440, 312, 303, 304,
                 428, 429, 430, 431, 432, 433, 442],  # x86_64
    0xC00000B7: [221, 281, 220, 435, 198, 199, 117, 97, 268, 40, 39, 41, 51, 280, 241, 219, 217, 218, 282,
                 425, 426, 427, 164, 261, 270, 271, 138, 240, 424, 434, 438, 440, 272, 264, 265,
                 428, 429, 430, 431, 432, 433, 442],  # aarch64
}
CLONE_SYSCALLS = {0xC000003E: 56, 0xC00000B7: 220}
SECCOMP_SELF_ONLY = {0xC000003E: [62, 200, 234], 0xC00000B7: [129, 130, 131]}  # kill, tkill, tgkill
X32_SYSCALL_BIT = 0x40000000


def assemble_bpf(program):
    """Resolve labels in a list of ("label", name) marks and (code, jt, jf, k) instructions.

    A jump target given as a name is turned into the relative offset classic BPF wants.
    """
    places, index = {}, 0
    for entry in program:
        if entry[0] == "label":
            places[entry[1]] = index
        else:
            index += 1
    out, index = [], 0
    for entry in program:
        if entry[0] == "label":
            continue
        code, jt, jf, k = entry
        jt = places[jt] - index - 1 if isinstance(jt, str) else jt
        jf = places[jf] - index - 1 if isinstance(jf, str) else jf
        out.append((code, jt, jf, k))
        index += 1
    return out


def seccomp_program(arch, own_pid):
    """The filter as (code, jt, jf, k) tuples: a call from another architecture (the 32-bit `int 0x80`
    entry on x86_64) or from the x32 ABI kills the process; refused calls fail with EPERM."""
    ld_w_abs, jeq_k, jge_k, ret_k = 0x20, 0x15, 0x35, 0x06
    allow, deny, kill = 0x7FFF0000, 0x00050000 | 1, 0x80000000  # ALLOW, ERRNO|EPERM, KILL_PROCESS
    program = [(ld_w_abs, 0, 0, 4), (jeq_k, 0, "kill", arch), (ld_w_abs, 0, 0, 0)]
    if arch == 0xC000003E:
        program.append((jge_k, "kill", 0, X32_SYSCALL_BIT))
    for number in SECCOMP_SELF_ONLY[arch]:
        program.append((jeq_k, "self", 0, number))
    for number in SECCOMP_DENIED[arch]:
        program.append((jeq_k, "deny", 0, number))
    program += [
        (ret_k, 0, 0, allow),
        # Only the low 32 bits of a pid argument count (the kernel reads it as an int). Jumps go forward only.
        ("label", "self"), (ld_w_abs, 0, 0, 16), (jeq_k, "allow", "deny", own_pid),
        ("label", "allow"), (ret_k, 0, 0, allow),
        ("label", "deny"), (ret_k, 0, 0, deny),
        ("label", "kill"), (ret_k, 0, 0, kill),
    ]
    return assemble_bpf(program)



class Native:
    """The few system calls Python has no wrapper for, bound once by the host through ctypes.

    Forked REPLs use this object during their set-up and then drop it together with ctypes, so no cell
    finds a way to call C functions ready to use.
    """

    def __init__(self):
        import ctypes
        import platform
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.ctypes = ctypes
        self.arch = SECCOMP_ARCHES.get(platform.machine().lower())

        class CapHeader(ctypes.Structure):
            _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

        class CapData(ctypes.Structure):
            _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                        ("inheritable", ctypes.c_uint32)]

        self.cap_header = CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
        self.cap_none = (CapData * 2)()

    def build_seccomp(self, own_pid):
        ctypes = self.ctypes
        program = seccomp_program(self.arch, own_pid)

        class SockFilter(ctypes.Structure):
            _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

        class SockFprog(ctypes.Structure):
            _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

        self.seccomp_filters = (SockFilter * len(program))(*[SockFilter(*entry) for entry in program])
        return SockFprog(len(program), self.seccomp_filters)

    def fork_into(self, flags):
        """os.fork() whose child starts in new namespaces (`flags`): the clone system call with a fork's
        arguments, wrapped in the interpreter's own before- and after-fork steps. A fork followed by unshare
        could not give the child a PID namespace: only the children of a process enter the one it unshares."""
        if self.arch is None:
            raise OSError(errno.ENOSYS, "no clone system call number is known for this architecture")
        api = self.ctypes.pythonapi
        api.PyOS_BeforeFork()
        pid = self.libc.syscall(CLONE_SYSCALLS[self.arch], flags | signal.SIGCHLD, 0, 0, 0, 0)
        if pid == 0:
            api.PyOS_AfterFork_Child()
            return 0
        error = self.ctypes.get_errno()
        api.PyOS_AfterFork_Parent()
        if pid < 0:
            raise OSError(error, f"clone into new namespaces failed: {os.strerror(error)}")
        return pid

    def mount(self, source, target, fstype, flags, data=None):
        encode = lambda text: None if text is None else os.fsencode(text)  # noqa: E731
        if self.libc.mount(encode(source), encode(target), encode(fstype), flags, encode(data)) != 0:
            error = self.ctypes.get_errno()
            raise OSError(error, f"mount of {target} failed: {os.strerror(error)}")

    def prctl(self, option, value):
        return self.libc.prctl(option, value, 0, 0, 0) == 0

    def install_seccomp(self):
        """Load the kernel filter; returns whether it is in force (it cannot be removed)."""
        if self.arch is None:
            return False
        # Built here, in the REPL itself: the signal calls name this process's own pid.
        program = self.build_seccomp(os.getpid())
        return self.prctl(PR_SET_NO_NEW_PRIVS, 1) and \
            self.libc.prctl(PR_SET_SECCOMP, 2, self.ctypes.byref(program), 0, 0) == 0

    def drop_capabilities(self):
        """A new user namespace gave this process every capability inside it; a cell must keep none (with
        them it could unmount its private /tmp and /proc and see what they cover)."""
        if self.libc.capset(self.ctypes.byref(self.cap_header), self.cap_none) != 0:
            raise OSError(self.ctypes.get_errno(), "dropping capabilities failed")


def forget_native():
    """Make ctypes unreachable from cells: drop its modules and the host's handle."""
    global NATIVE
    NATIVE = None
    for name in [name for name in sys.modules if name == "_ctypes" or name.split(".")[0] == "ctypes"]:
        del sys.modules[name]


NATIVE = None


def apply_limits(config):
    limits = [
        (resource.RLIMIT_AS, config.get("memoryBytes")),
        (resource.RLIMIT_CPU, config.get("cpuSeconds")),
        (resource.RLIMIT_FSIZE, config.get("fileSizeBytes")),
        (resource.RLIMIT_NOFILE, config.get("openFiles")),
        (resource.RLIMIT_NPROC, config.get("processes")),
        (resource.RLIMIT_CORE, 0),
    ]
    for kind, value in limits:
        if value is not None:
            # The CPU hard limit sits one second higher, so the kernel's SIGXCPU names the cause.
            hard = int(value) + 1 if kind == resource.RLIMIT_CPU else int(value)
            resource.setrlimit(kind, (int(value), hard))


def warm_up():
    """Load what traceback formatting imports lazily (linecache, tokenize...) before imports are refused."""
    try:
        exec(compile("1/0", "<python-input-0>", "exec"), {})
    except ZeroDivisionError as error:
        format_failure(error)
    find_unsafe_usage("x = 1")


def serve(config, protocol, isolation):
    """Set up one REPL's remaining layers and answer executions until the protocol stream closes."""
    # The host built this REPL's session before forking (no cell has ever run in the host, so the copy
    # is pristine); building it here would touch, and so copy, many of the host's memory pages.
    session = SESSION_TEMPLATE
    session.protocol = protocol
    signal.signal(signal.SIGALRM, session.on_alarm)
    if isolation == "root":
        # Already `nobody` (become_nobody); the interpreter's folder must still be readable as that user.
        stdlib = os.path.dirname(os.__file__)
        if not os.access(stdlib, os.R_OK | os.X_OK):
            raise PermissionError(f"user nobody could not read the standard library at {stdlib}; "
                                  "use an interpreter all users can read (AGENTFT_PYTHON=/usr/bin/python3) or bubblewrap")
        dropped = True
    else:
        dropped = drop_root() if config.get("dropRoot") else False
    apply_limits(config)
    try:
        os.chdir(WRITABLE_ROOT)
    except OSError:
        pass
    native = NATIVE
    native.prctl(PR_SET_DUMPABLE, 0)  # no other process of the same user may read this one's memory
    seccomp = native.install_seccomp() if config.get("seccomp", True) else False
    if config.get("seccomp", True) and native.arch is not None and not seccomp:
        raise OSError(native.ctypes.get_errno(), "installing the seccomp filter failed")
    forget_native()
    install_audit_hook()
    protocol.send({"type": "ready", "pid": os.getpid(), "uid": os.getuid(), "droppedRoot": dropped,
                   "seccomp": seccomp, "privateTmp": isolation is not None, "pidNamespace": isolation is not None,
                   "python": ".".join(map(str, sys.version_info[:3]))})
    while True:
        request = protocol.receive()
        if request.get("type") != "execute":
            continue  # a late API answer from an execution that ended early
        session.exec_id = request.get("exec")
        try:
            output, counted = session.execute(request)
        except BaseException as error:  # noqa: B036 - report the REPL's own failure, keep serving
            output, counted = "Execution failed. Traceback:\n" + format_failure(error), True
        protocol.send({"type": "done", "exec": session.exec_id, "output": output, "counted": counted})


# -- the host: one set-up Python that forks a fresh REPL per world -----------------------------------------
# Starting Python and importing this file's modules costs tens of milliseconds of CPU; forking a process
# that has done it once costs about one. The host never runs cell code: each REPL is a forked child that
# puts up every per-process layer (own /tmp, limits, seccomp, audit hook) before its first cell.
#
# The host's stdin/stdout carry frames `<kind> <channel> <length>\n<payload>`:
#   in:  spawn (fork REPL <channel>; payload: its token), kill (SIGKILL it), ping (answer pong)
#   out: host (the host is ready: JSON), pong, err (bytes from a REPL's stderr),
#        exit (a REPL ended: JSON with code or signal, or error when it could not be forked)
# A REPL's own protocol does not pass through the host: it connects to the TypeScript side's Unix socket
# (config socketPath) and sends its token, so its lines travel one hop, as a directly started process's do.

def encode_frame(kind, channel, payload=b""):
    return b"%s %d %d\n" % (kind, channel, len(payload)) + payload


def remove_tree(path):
    for root, dirs, files in os.walk(path, topdown=False):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            os.unlink(os.path.join(root, name))
        for name in dirs:
            if not os.path.islink(os.path.join(root, name)):
                os.rmdir(os.path.join(root, name))
    os.rmdir(path)


class HostedRepl:
    def __init__(self, channel, pid, stderr_fd, scratch):
        self.channel = channel
        self.pid = pid
        self.stderr_fd = stderr_fd
        self.scratch = scratch


class Host:
    def __init__(self, config):
        import select
        import _socket  # noqa: F401 - loaded once here; each REPL uses it to connect, then forgets it
        self.select = select
        self.config = config
        self.by_pid = {}
        self.by_channel = {}
        self.by_stderr = {}
        self.control = bytearray()
        self.poller = select.poll()
        # SIGCHLD wakes the poll through this pipe, so REPLs are reaped as soon as they end.
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        self.poller.register(0, select.POLLIN)
        self.poller.register(self.wake_r, select.POLLIN)
        # REPLs connect through this handle on the socket: Node removes its path once it hears from the host,
        # so no folder is left behind should Node be killed.
        config["socketFd"] = os.open(config["socketPath"], os.O_PATH)
        # Read by each new REPL: end of file means the host died before the REPL armed its death signal.
        config["aliveFd"], config["aliveWriteFd"] = os.pipe()
        self.isolation = self.choose_isolation()
        if self.isolation == "root":
            # Setgroups is denied in a REPL's user namespace: root's groups must be gone before it is cloned.
            os.setgroups([])

    def send(self, kind, channel, payload=b""):
        view = memoryview(encode_frame(kind, channel, payload))
        while view:
            view = view[os.write(1, view):]

    def choose_isolation(self):
        """The namespaces each REPL gets (see ISOLATION_FLAGS), or None: a folder of its own in a shared /tmp.

        Without bubblewrap they are required (a REPL that cannot have them fails at start). Under bubblewrap
        they need user namespaces to nest, which some kernels refuse: tried once in a throw-away child."""
        isolation = self.config.get("isolation")
        if isolation == "root":
            return isolation if self.root_may_map() else "root-no-userns"
        if isolation != "nested":
            return isolation
        if not self.config.get("privateTmp", True):
            return None
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                unshare_namespaces(isolation)
                NATIVE.mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=1m")
                code = 0
            finally:
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        return isolation if os.waitstatus_to_exitcode(status) == 0 else None

    def root_may_map(self):
        """Whether the kernel gives root a user namespace whose ids it may map: tried once in a throw-away child."""
        read_fd, write_fd = os.pipe()
        try:
            pid = NATIVE.fork_into(CLONE_NEWUSER)
        except OSError:
            os.close(read_fd)
            os.close(write_fd)
            return False
        if pid == 0:
            code = 1
            try:
                os.close(write_fd)
                code = 0 if os.read(read_fd, 1) == b"m" else 1
            finally:
                os._exit(code)
        os.close(read_fd)
        try:
            map_nobody(pid)
            os.write(write_fd, b"m")
        except OSError:
            pass
        os.close(write_fd)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def run(self):
        self.send(b"host", 0, json.dumps({"pid": os.getpid(), "isolation": self.isolation,
                                          "python": ".".join(map(str, sys.version_info[:3]))}).encode())
        while True:
            for fd, _events in self.poller.poll():
                if fd == 0:
                    if not self.read_control():
                        return self.shutdown()
                elif fd == self.wake_r:
                    try:
                        while os.read(self.wake_r, 512):
                            pass
                    except BlockingIOError:
                        pass
                    self.reap()
                elif fd in self.by_stderr:
                    self.forward_stderr(self.by_stderr[fd])

    def read_control(self):
        data = os.read(0, 1 << 16)
        if not data:
            return False
        self.control += data
        while True:
            newline = self.control.find(b"\n")
            if newline < 0:
                return True
            kind, channel, length = bytes(self.control[:newline]).split(b" ")
            end = newline + 1 + int(length)
            if len(self.control) < end:
                return True
            payload = bytes(self.control[newline + 1:end])
            del self.control[:end]
            if kind == b"spawn":
                self.spawn(int(channel), payload)
            elif kind == b"ping":
                self.send(b"pong", 0)
            elif kind == b"kill" and int(channel) in self.by_channel:
                try:
                    os.kill(self.by_channel[int(channel)].pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def spawn(self, channel, token):
        # A REPL without a /tmp of its own gets a folder of its own, which the audit hook keeps the others out of.
        scratch = None if self.isolation else os.path.join(self.config.get("scratchBase") or "/tmp", f"repl-{channel}")
        stderr_r, stderr_w = os.pipe()
        # A `root` REPL waits on this pipe until the host has written its user namespace's maps.
        mapped_r, mapped_w = os.pipe() if self.isolation == "root" else (None, None)
        try:
            pid = NATIVE.fork_into(ISOLATION_FLAGS[self.isolation]) if self.isolation else os.fork()
        except OSError as error:
            for fd in (stderr_r, stderr_w, mapped_r, mapped_w):
                if fd is not None:
                    os.close(fd)
            self.send(b"exit", channel, json.dumps({"error": f"fork failed: {error}"}).encode())
            return
        if pid == 0:
            code = 70
            try:
                if mapped_w is not None:
                    os.close(mapped_w)
                become_repl(self.config, token, stderr_w, scratch, self.isolation, mapped_r)
                code = 0
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 0
            except BaseException:  # noqa: B036 - report any set-up failure on this REPL's stderr
                try:
                    os.write(2, traceback.format_exc().encode())
                except OSError:
                    pass
            finally:
                os._exit(code)
        os.close(stderr_w)
        if mapped_w is not None:
            os.close(mapped_r)
            try:
                map_nobody(pid)
                os.write(mapped_w, b"m")
            except OSError as error:
                os.close(mapped_w)
                os.close(stderr_r)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                message = f"mapping the REPL's user namespace failed: {error}"
                self.send(b"exit", channel, json.dumps({"error": message}).encode())
                return
            os.close(mapped_w)
        os.set_blocking(stderr_r, False)
        repl = HostedRepl(channel, pid, stderr_r, scratch)
        self.by_pid[pid] = repl
        self.by_channel[channel] = repl
        self.by_stderr[stderr_r] = repl
        self.poller.register(stderr_r, self.select.POLLIN)

    def forward_stderr(self, repl):
        """Pass on what the REPL wrote to its stderr; True when there may be more to read right now."""
        try:
            data = os.read(repl.stderr_fd, 1 << 16)
        except BlockingIOError:
            return False
        if data:
            self.send(b"err", repl.channel, data)
            return True
        self.close_stderr(repl)
        return False

    def close_stderr(self, repl):
        self.poller.unregister(repl.stderr_fd)
        del self.by_stderr[repl.stderr_fd]
        os.close(repl.stderr_fd)
        repl.stderr_fd = None

    def reap(self):
        while True:
            try:
                pid, status, usage = os.wait3(os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            repl = self.by_pid.pop(pid, None)
            if repl is not None:
                self.finish(repl, status, usage)

    def finish(self, repl, status, usage):
        # What the REPL wrote to stderr before it ended comes first: it often says why.
        while repl.stderr_fd is not None and self.forward_stderr(repl):
            pass
        if repl.stderr_fd is not None:
            self.close_stderr(repl)
        del self.by_channel[repl.channel]
        if repl.scratch is not None and not self.config.get("scratchBase"):
            try:
                remove_tree(repl.scratch)
            except OSError:
                pass
        ended = {"signal": os.WTERMSIG(status)} if os.WIFSIGNALED(status) else {"code": os.waitstatus_to_exitcode(status)}
        # PID 1 of a namespace ignores the CPU limit's SIGXCPU; the kernel then kills it at the hard limit.
        cpu_limit = self.config.get("cpuSeconds")
        if ended.get("signal") == signal.SIGKILL and cpu_limit and usage.ru_utime + usage.ru_stime >= cpu_limit:
            ended = {"signal": int(signal.SIGXCPU)}
        self.send(b"exit", repl.channel, json.dumps(ended).encode())

    def shutdown(self):
        for pid in list(self.by_pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in list(self.by_pid):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass


# The REPL's protocol socket, on the same descriptor in the REPL and its keeper.
PROTOCOL_FD = 3


def connect_protocol(socket_fd, token):
    """Connect this REPL's protocol stream on PROTOCOL_FD; fds 0/1 become /dev/null for anything a cell does."""
    import _socket
    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    # Through the host's handle: the socket's path may be gone already.
    sock.connect(f"/proc/self/fd/{socket_fd}")
    sock.sendall(token + b"\n")
    fd = sock.detach()
    if fd != PROTOCOL_FD:
        os.dup2(fd, PROTOCOL_FD)
        os.close(fd)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    os.close(null)


def become_repl(config, token, stderr_fd, scratch, isolation, mapped_fd=None):
    """In a freshly forked child: leave the host behind, put up this REPL's own layers and serve."""
    global WRITABLE_ROOT, SHARED_ROOT
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    prefix_handle = None
    if mapped_fd is not None:
        # Changing ids clears the death signal, so a `root` REPL takes its ids first; it connects before,
        # while it may still open the server's socket (root's own).
        if os.read(mapped_fd, 1) != b"m":
            raise SystemExit(1)  # the host died, or could not write the maps
        os.close(mapped_fd)
        os.dup2(stderr_fd, 2)
        connect_protocol(config["socketFd"], token)
        prefix_handle = become_nobody()
    NATIVE.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    # The host died between the fork and here? (In a PID namespace of its own a REPL's parent has no pid.)
    os.close(config["aliveWriteFd"])
    os.set_blocking(config["aliveFd"], False)
    try:
        host_gone = os.read(config["aliveFd"], 1) == b""
    except BlockingIOError:
        host_gone = False
    if host_gone or (not isolation and os.getppid() != int(config["hostPid"])):
        raise SystemExit(1)
    # Then the host's pipes and handles and the other REPLs' stderr are closed.
    if prefix_handle is None:
        os.dup2(stderr_fd, 2)
        connect_protocol(config["socketFd"], token)
        os.closerange(PROTOCOL_FD + 1, 1 << 16)
    else:
        os.closerange(PROTOCOL_FD + 1, prefix_handle)
        os.closerange(prefix_handle + 1, 1 << 16)
    random.seed()  # each REPL its own random sequence, as a freshly started Python has
    if isolation:
        if ISOLATION_FLAGS[isolation] & CLONE_NEWUSER and isolation != "root":
            map_own_ids(int(config["hostUid"]), int(config["hostGid"]))
        confine(isolation, config.get("tmpBytes", 64 << 20), config.get("hidePaths") or [], prefix_handle)
    else:
        SHARED_ROOT = os.path.dirname(scratch)
        WRITABLE_ROOT = scratch
        os.mkdir(scratch, 0o700)
    for name in ("select", "_socket"):
        sys.modules.pop(name, None)
    serve(config, Protocol(PROTOCOL_FD, PROTOCOL_FD), isolation)


SESSION_TEMPLATE = None


def main():
    global NATIVE, SESSION_TEMPLATE
    config = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    NATIVE = Native()
    NATIVE.prctl(PR_SET_DUMPABLE, 0)  # the REPLs forked from here may not read the host's memory either
    warm_up()
    SESSION_TEMPLATE = Session(None)
    config["hostPid"], config["hostUid"], config["hostGid"] = os.getpid(), os.getuid(), os.getgid()
    host = Host(config)
    # Objects that exist now are never garbage: keep the REPLs' collector from walking (and so copying) them.
    gc.collect()
    gc.freeze()
    host.run()


if __name__ == "__main__":
    main()
