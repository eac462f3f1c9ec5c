#!/usr/bin/python3
"""Tests of check_notebooks.py: a wrong expectation, a raising cell and a notebook without expectations
must fail, so a green notebook run means something. The last four run the real Java kernel under Jupyter.

Run: /usr/bin/python3 notebooks/test_check_notebooks.py   (./workbench test runs it before the notebooks)
"""
import os
import queue
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_notebooks as cn  # noqa: E402


def executed(text, meta=None, mime="text/plain"):
    return {"cell_type": "code", "metadata": {"workbench": meta or {}},
            "outputs": [{"output_type": "execute_result", "data": {mime: text}, "metadata": {}}]}


def notebook(*cells):
    import nbformat
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "java", "display_name": "Java", "language": "java"}})
    for src, meta in cells:
        nb.cells.append(nbformat.v4.new_code_cell(src, metadata={"workbench": meta} if meta else {}))
    return nb


class ExpectationsInCellMetadata(unittest.TestCase):
    def test_a_matching_expectation_passes(self):
        self.assertEqual(cn.check_cell(executed("Tensor(1, 64, 8, 8)", {"expect_contains": "(1, 64, 8, 8)"})), (1, []))

    def test_a_wrong_expected_text_fails_with_what_was_printed(self):
        n, fails = cn.check_cell(executed("Tensor(1, 64, 8, 8)", {"expect_contains": "(1, 64, 4, 4)"}))
        self.assertEqual(n, 1)
        self.assertIn("(1, 64, 4, 4)", fails[0])
        self.assertIn("Tensor(1, 64, 8, 8)", fails[0])

    def test_a_max_abs_diff_above_the_bound_fails(self):
        _, fails = cn.check_cell(executed("out (1, 2)  max|d| = 3.10e-01 at [0,1]", {"expect_max_abs_diff_below": 1e-4}))
        self.assertEqual(fails, ["expected max|d| < 0.0001, got 0.31"])

    def test_a_max_abs_diff_expectation_without_any_diff_printed_fails(self):
        _, fails = cn.check_cell(executed("nothing to see", {"expect_max_abs_diff_below": 1e-4}))
        self.assertIn("printed none", fails[0])

    def test_a_missing_image_fails(self):
        _, fails = cn.check_cell(executed("x", {"expect_mime": ["image/png"]}))
        self.assertIn("image/png", fails[0])

    def test_a_regex_that_does_not_match_fails(self):
        _, fails = cn.check_cell(executed("8732 boxes", {"expect_regex": r"^87\d\d anchors"}))
        self.assertEqual(len(fails), 1)

    def test_stream_fragments_are_checked_as_one_text(self):
        cell = {"cell_type": "code", "metadata": {"workbench": {"expect_contains": "resnet50 25,557,032"}},
                "outputs": [{"output_type": "stream", "name": "stdout", "text": t} for t in ("resnet50", " ", "25,557,032\n")]}
        self.assertEqual(cn.check_cell(cell), (1, []))


class NotebooksOnTheJavaKernel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cn.isolated_jupyter_env()
        cls.dir = tempfile.mkdtemp(prefix="wb-nbtest-")

    def run_nb(self, name, nb):
        import nbformat
        path = os.path.join(self.dir, name)
        nbformat.write(nb, path)
        return cn.run_notebook(path, timeout=120, write_dir=os.path.join(self.dir, "out"))

    def test_a_right_expectation_passes_and_a_wrong_one_fails_on_the_real_kernel(self):
        good = notebook(("var t = 6 * 7;\nt", {"expect_contains": "42"}))
        ok, line = self.run_nb("good.ipynb", good)
        self.assertTrue(ok, line)
        bad = notebook(("var t = 6 * 7;\nt", {"expect_contains": "43"}))
        ok, line = self.run_nb("bad.ipynb", bad)
        self.assertFalse(ok)
        self.assertIn("cell 1: expected output containing '43', got '42'", line)

    def test_a_cell_that_throws_fails_the_notebook_with_the_exception_named(self):
        nb = notebook(("1 + 1", {"expect_contains": "2"}),
                      ("throw new IllegalStateException(\"forgot eval()\");", None))
        ok, line = self.run_nb("throws.ipynb", nb)
        self.assertFalse(ok)
        self.assertIn("cell 2: a cell raised EvaluationError: IllegalStateException: forgot eval()", line)

    def test_an_interrupt_from_jupyter_stops_a_sleeping_cell_and_the_kernel_keeps_working(self):
        from jupyter_client.manager import start_new_kernel
        km, kc = start_new_kernel(kernel_name="java", startup_timeout=120)
        try:
            msg_id = kc.execute("Thread.sleep(60_000);")
            reply = None
            for _ in range(30):   # an interrupt before the snippet runs (still compiling) does nothing: repeat
                time.sleep(1)
                km.interrupt_kernel()
                try:
                    reply = self.reply_to(kc, msg_id, timeout=1)
                    break
                except queue.Empty:
                    pass
            self.assertIsNotNone(reply, "the cell did not stop within 60 s of interrupts")
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn("InterruptedException", reply["content"]["evalue"])
            reply = self.reply_to(kc, kc.execute("6 * 7"), timeout=30)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    @staticmethod
    def reply_to(kc, msg_id, timeout):
        deadline = time.monotonic() + timeout
        while True:   # match by parent id: the first shell message need not be ours
            msg = kc.get_shell_msg(timeout=max(1, deadline - time.monotonic()))
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def test_a_notebook_without_expectations_fails(self):
        ok, line = self.run_nb("none.ipynb", notebook(("1 + 1", None)))
        self.assertFalse(ok)
        self.assertIn("no cell carries an expectation", line)


if __name__ == "__main__":
    unittest.main(verbosity=1)
