#!/usr/bin/python3
"""Runs notebooks headless on the project's Java kernel and checks the expectations in their cells.

Usage (from the repository root; ./workbench notebook --check does exactly this):
    /usr/bin/python3 notebooks/check_notebooks.py [--timeout S] [--write-dir DIR] NB.ipynb ...

Each notebook runs with nbclient (Debian: python3-nbclient, jupyter-client) on kernel "java", found in
notebook-kernel/target/jupyter (JUPYTER_PATH), from the notebook's folder. A cell that raises fails the
notebook. A cell's metadata may hold expectations, checked against its outputs:
    "workbench": {"expect_contains": "(1, 64, 8, 8)",            # text (or list of texts) in its text outputs
                  "expect_regex": "8732 boxes",                   # a regular expression over the same text
                  "expect_max_abs_diff_below": 1e-4,              # every "max|d| = X" printed is below the bound
                  "expect_mime": ["image/png"]}                   # MIME types among its outputs
A notebook without any expectation fails: running without errors is not enough.
Executed copies (with outputs) go to --write-dir. Prints one line per notebook, then "N passed, N failed".
"""
import argparse
import os
import re
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNEL_DIR = os.path.join(ROOT, "notebook-kernel", "target", "jupyter")
DIFF = re.compile(r"max\|d\| = ([0-9.eE+-]+|NaN|Infinity)")


def cell_text(cell):
    """Concatenated text of a code cell's outputs: streams, text/plain results and displays, errors."""
    parts = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":   # a print may arrive in several stream messages: keep them joined as written
            parts.append(as_str(out.get("text", "")))
        elif kind in ("execute_result", "display_data"):
            parts.append("\n" + as_str(out.get("data", {}).get("text/plain", "")) + "\n")
        elif kind == "error":
            parts.append("\n%s: %s\n" % (out.get("ename"), out.get("evalue")))
    return "".join(parts)


def as_str(value):
    return value if isinstance(value, str) else "".join(value)


def cell_mimes(cell):
    mimes = set()
    for out in cell.get("outputs", []):
        mimes.update(out.get("data", {}).keys())
    return mimes


def check_cell(cell):
    """Returns (number of expectations, list of failure messages) for one executed code cell."""
    expect = cell.get("metadata", {}).get("workbench", {})
    text, failures, count = cell_text(cell), [], 0
    contains = expect.get("expect_contains")
    for want in ([contains] if isinstance(contains, str) else contains or []):
        count += 1
        if want not in text:
            failures.append("expected output containing %r, got %r" % (want, text.strip()[:300]))
    if "expect_regex" in expect:
        count += 1
        if not re.search(expect["expect_regex"], text):
            failures.append("expected output matching /%s/, got %r" % (expect["expect_regex"], text.strip()[:300]))
    if "expect_max_abs_diff_below" in expect:
        count += 1
        bound = float(expect["expect_max_abs_diff_below"])
        diffs = [float(v) for v in DIFF.findall(text)]
        if not diffs:
            failures.append("expected a 'max|d| = X' line below %g, the cell printed none" % bound)
        for d in diffs:
            if not d < bound:
                failures.append("expected max|d| < %g, got %g" % (bound, d))
    for mime in expect.get("expect_mime", []):
        count += 1
        if mime not in cell_mimes(cell):
            failures.append("expected a %s output, got %s" % (mime, sorted(cell_mimes(cell)) or "none"))
    return count, failures


def coalesce_streams(nb):
    """Joins consecutive stream outputs of one name (a print can arrive in pieces), for readable copies."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = as_str(merged[-1]["text"]) + as_str(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def run_notebook(path, timeout, write_dir, kernel_name="java"):
    """Executes one notebook; returns (ok, summary line)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name=kernel_name, timeout=timeout,
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    name = os.path.basename(path)
    start = time.monotonic()
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = "a cell raised %s: %s" % (e.ename, e.evalue)
    except CellTimeoutError:
        error = "a cell ran longer than %d s" % timeout
    except DeadKernelError as e:
        error = "the kernel died: %s" % e
    except Exception as e:  # kernel not found, no such file, ...
        error = "%s: %s" % (type(e).__name__, e)
    seconds = time.monotonic() - start
    coalesce_streams(nb)
    if write_dir:
        os.makedirs(write_dir, exist_ok=True)
        nbformat.write(nb, os.path.join(write_dir, name))

    problems, expectations = [], 0
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    if error:
        failed_at = next((i for i, c in enumerate(code_cells, 1)
                          if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        problems.append(("cell %d: " % failed_at if failed_at else "") + error)
    else:
        for i, cell in enumerate(code_cells, 1):
            n, fails = check_cell(cell)
            expectations += n
            problems += ["cell %d: %s" % (i, f) for f in fails]
        if expectations == 0:
            problems.append("no cell carries an expectation (metadata.workbench): the run would prove nothing")
    if problems:
        return False, "FAIL %s (%.1f s): %s" % (name, seconds, "; ".join(problems))
    return True, "PASS %s (%d code cells, %d expectations, %.1f s)" % (name, len(code_cells), expectations, seconds)


def isolated_jupyter_env(kernel_dir=KERNEL_DIR):
    """Kernelspec straight from the Maven build, runtime files in a temporary folder."""
    if not os.path.isfile(os.path.join(kernel_dir, "kernels", "java", "kernel.json")):
        sys.exit("error: %s/kernels/java/kernel.json is missing.\n  ---> HINT: build first: ./workbench build" % kernel_dir)
    work = tempfile.mkdtemp(prefix="wb-jupyter-")
    os.environ["JUPYTER_PATH"] = kernel_dir + os.pathsep + os.environ.get("JUPYTER_PATH", "")
    os.environ["JUPYTER_RUNTIME_DIR"] = os.path.join(work, "runtime")
    os.environ.setdefault("WB_FAST", "1")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    ap.add_argument("--write-dir", default=os.path.join(ROOT, "target", "executed-notebooks"))
    args = ap.parse_args(argv)
    try:
        import nbclient  # noqa: F401
    except ImportError:
        sys.exit("error: nbclient is missing for %s.\n  ---> HINT: apt-get install --no-install-recommends "
                 "jupyter-client python3-nbclient (./workbench test does it when root)" % sys.executable)
    isolated_jupyter_env()
    passed = failed = 0
    for path in args.notebooks:
        ok, line = run_notebook(path, args.timeout, args.write_dir)
        print(line, flush=True)
        passed, failed = passed + ok, failed + (not ok)
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
