"""The seccomp profile of every sandbox container: Docker's default, made to hold under gVisor too.

Docker applies its default profile to a container unless told otherwise; gVisor (runsc) applies the
container's profile inside its sandbox only when it runs with ``--oci-seccomp`` (issue 22 item 5,
sandbox/runtimes.py checks that it does). Under gVisor, Docker's own default then breaks every thread:
it answers ``clone3`` with ``SCMP_ACT_ERRNO`` and ``errnoRet`` ENOSYS, so that glibc falls back to
``clone`` (whose namespace flags a filter can see, where clone3's sit behind a pointer); but the runsc
of Debian bookworm (20221219) and of bookworm-backports (20240729) ignore ``errnoRet`` and answer EPERM,
on which glibc gives up ("can't start new thread"). So the sandboxes get this profile, passed with
``security_opt`` on every container:

- the system calls Docker 20.10's default profile allows a container that has no capability (the
  sandbox drops them all), the same argument rules for ``personality`` and ``clone``; under runsc also
  gVisor's older name of one of them (``GVISOR_ALIASES``);
- ``clone3``: ENOSYS. Under runc by ``SCMP_ACT_ERRNO`` with errnoRet 38, as Docker does. Under runsc by
  ``SCMP_ACT_TRACE``: with no tracer the call fails with ENOSYS (Linux and gVisor both), whatever
  errnoRet support the runsc has. A tracer could let the call through (gVisor 20240729 would then make
  the user namespace), which is why nothing in a sandbox may trace:
- ``ptrace`` refused (Docker allows it from kernel 4.8 on); ``process_vm_readv``/``writev`` stay refused;
- ``seccomp`` allowed only without ``SECCOMP_FILTER_FLAG_NEW_LISTENER``: a program's own filter with a
  user-notification listener outranks TRACE and could answer "continue";
- ``io_uring_*`` refused, as in Docker's default since 25.0 (a large kernel surface; libraries fall
  back to plain system calls);
- POSIX message queues (``mq_*``) refused (issue 22 item 7): a queue outlives its creator and cannot be
  listed without /dev/mqueue, so a test could leave one for the next test of its submission; under runc
  RLIMIT_MSGQUEUE 0 stops that too, gVisor has no such limit but has the queues. No judge needs them.

Everything else (``unshare``, ``mount``, ``setns``, ``keyctl``, ``add_key``, ``bpf``, ``userfaultfd``,
...) falls to the default action, EPERM. tests/unit/test_seccomp_profile.py checks the profile,
tests/docker/test_security_seccomp.py that each runtime applies it (tests/hostile/seccomp_refusals.c).
"""

from __future__ import annotations

import json
from typing import Any

ENOSYS = 38
SECCOMP_FILTER_FLAG_NEW_LISTENER = 8
# clone() flags that make a namespace (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET):
# Docker's default allows clone only with none of them
CLONE_NAMESPACE_FLAGS = 0x7E020000

# Docker 20.10's default profile, the calls allowed without any capability, less seccomp (below),
# io_uring_enter/io_uring_register/io_uring_setup and the POSIX message queues (mq_*).
ALLOWED = tuple("""
    _llseek _newselect accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32
    clock_adjtime clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64
    clock_nanosleep clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
    epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old
    eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2 fadvise64 fadvise64_64 fallocate
    fanotify_mark fchdir fchmod fchmodat fchown fchown32 fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr
    flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64
    futex futex_time64 futex_waitv futimesat get_robust_list get_thread_area getcpu getcwd getdents getdents64
    getegid getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid
    getpgrp getpid getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit
    getrusage getsid getsockname getsockopt gettid gettimeofday getuid getuid32 getxattr inotify_add_watch
    inotify_init inotify_init1 inotify_rm_watch io_cancel io_destroy io_getevents io_pgetevents
    io_pgetevents_time64 io_setup io_submit ioctl ioprio_get ioprio_set ipc kill landlock_add_rule
    landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link linkat listen listxattr
    llistxattr lremovexattr lseek lsetxattr lstat lstat64 madvise membarrier memfd_create memfd_secret mincore
    mkdir mkdirat mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect
    mremap msgctl msgget
    msgrcv msgsnd msync munlock munlockall munmap nanosleep newfstatat open openat openat2 pause pidfd_open
    pidfd_send_signal pipe pipe2 poll ppoll ppoll_time64 prctl pread64 preadv preadv2 prlimit64
    process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink readlinkat
    readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr rename renameat
    renameat2 restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo
    rt_sigreturn rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_get_priority_max
    sched_get_priority_min sched_getaffinity sched_getattr sched_getparam sched_getscheduler
    sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr sched_setparam
    sched_setscheduler sched_yield select semctl semget semop semtimedop semtimedop_time64 send sendfile
    sendfile64 sendmmsg sendmsg sendto set_robust_list set_thread_area set_tid_address setfsgid setfsgid32
    setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid
    setregid32 setresgid setresgid32 setresuid setresuid32 setreuid setreuid32 setrlimit setsid setsockopt
    setuid setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask
    sigreturn socket socketcall socketpair splice stat stat64 statfs statfs64 statx symlink symlinkat sync
    sync_file_range syncfs sysinfo tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime
    timer_gettime64 timer_settime timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64
    timerfd_settime timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat
    utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev
""".split())

# gVisor looks each name up in its own system call table and skips those it does not know. The runsc of
# Debian bookworm (20221219) calls pselect6 "pselect": without this alias it refuses pselect6, which is
# how glibc 2.36 implements select() (Python's select.select, the agent's own check of its stdin).
GVISOR_ALIASES = ("pselect",)
PERSONALITIES = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)  # PER_LINUX, UNAME26, LINUX32, both, query
X86_ONLY = ("arch_prctl", "modify_ldt")
REFUSED = ("ptrace", "process_vm_readv", "process_vm_writev", "io_uring_enter", "io_uring_register",
           "io_uring_setup", "mq_open", "mq_unlink", "unshare", "mount", "umount2", "setns", "keyctl", "add_key",
           "request_key",
           "bpf", "userfaultfd", "perf_event_open", "clone3")


def profile(runtime: str) -> dict[str, Any]:
    """The profile for containers under ``runtime`` (only clone3's rule differs: see the module)."""
    clone3: dict[str, Any] = {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": ENOSYS}
    allowed = list(ALLOWED)
    if runtime == "runsc":
        clone3 = {"names": ["clone3"], "action": "SCMP_ACT_TRACE", "errnoRet": ENOSYS}
        allowed += GVISOR_ALIASES
    return {
        "defaultAction": "SCMP_ACT_ERRNO",
        "archMap": [
            {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
            {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
        ],
        "syscalls": [
            {"names": allowed, "action": "SCMP_ACT_ALLOW"},
            *({"names": ["personality"], "action": "SCMP_ACT_ALLOW",
               "args": [{"index": 0, "value": value, "op": "SCMP_CMP_EQ"}]} for value in PERSONALITIES),
            {"names": list(X86_ONLY), "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["amd64", "x32", "x86"]}},
            {"names": ["clone"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 0, "value": CLONE_NAMESPACE_FLAGS, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]},
            {"names": ["seccomp"], "action": "SCMP_ACT_ALLOW",
             "args": [{"index": 1, "value": SECCOMP_FILTER_FLAG_NEW_LISTENER, "valueTwo": 0,
                       "op": "SCMP_CMP_MASKED_EQ"}]},
            clone3,
        ],
    }


def security_opt(runtime: str) -> str:
    """The Docker ``security_opt`` entry that applies the profile (the engine takes the JSON inline)."""
    return "seccomp=" + json.dumps(profile(runtime), separators=(",", ":"))
