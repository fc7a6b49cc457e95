"""A candidate's run gets more CPU than gradings when the cores are contended: containers of
``Sandbox.interactive()`` carry ``interactive_cpu_shares`` (Docker CPU shares), the others the
engine's default; a run through the view works as any other."""

from sandbox.container import Box
from sandbox.models import Limits
from sandbox.runner import Sandbox


def test_interactive_containers_have_a_larger_cpu_share(sandbox: Sandbox, docker_api) -> None:
    view = sandbox.interactive()
    assert view.pool is sandbox.pool and sandbox.cpu_shares == 0  # the same pool; the sandbox itself unchanged
    shares = {}
    for name, box_of in (("interactive", view), ("grading", sandbox)):
        box = Box.start(docker_api, box_of.session_spec("python3", Limits()))
        try:
            shares[name] = docker_api.inspect_container(box.container_id)["HostConfig"]["CpuShares"]
        finally:
            box.destroy()
    assert shares == {"interactive": sandbox.settings.interactive_cpu_shares, "grading": 0}  # 0: the default

    with view.submission("python3", Limits()) as unit:
        compiled = unit.compile("print(int(input()) * 2)\n")
        assert compiled.ok
        assert unit.run_job(compiled, "python3", b"21\n", Limits()).stdout == b"42\n"
