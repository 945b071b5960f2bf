"""Pieces every bench report shares: the machine line and the table header."""
import os
import platform


def machine():
    """CPU model, its widest vector ISA, cores and OS; BENCH_MACHINE overrides
    it (the GPU machine's runs name their GPU there)."""
    if os.environ.get("BENCH_MACHINE"):
        return os.environ["BENCH_MACHINE"]
    cpu, isa = "unknown CPU", ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = line.split(":", 1)[1].split()
                isa = next((f" ({x.upper()})" for x in ("avx512f", "avx2", "avx") if x in flags), "")
                break
    except OSError:
        pass
    return f"{cpu}{isa}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def header(title, command):
    """The first lines of a results.md: title, command, machine and the load
    average run.sh recorded in BENCH_LOAD."""
    return [
        f"# {title}",
        "",
        f"Command: `{command}`  ",
        f"Machine: {machine()}  ",
        f"Load average when the run began: {os.environ.get('BENCH_LOAD', 'unknown')} "
        "(the machine is shared)",
        "",
    ]
