"""adamviz in a real notebook, run through a Jupyter kernel (nbclient): a result draws itself inline, its
numbers are the command line's, an optimizer written in the notebook races the built-in, and an animation
shows inline."""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

CELLS = [
    'import adamviz\nr = adamviz.trace(problem="toy2", optimizers=["momentum", "adam"], steps=20,\n'
    '                  hyperparams={"momentum": {"lr": 0.4}})\nr',
    "print(r.to_json())",
    # the chapter's Adam, typed into the notebook: states shaped like the parameters, so it runs on toy2
    "import torch\n\ndef init_my_adam_states(params):\n"
    "    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]\n\n"
    "def my_adam(params, states, hyperparams):\n"
    "    beta1, beta2, eps = 0.9, 0.999, 1e-6\n"
    "    for p, (v, s) in zip(params, states):\n"
    "        with torch.no_grad():\n"
    "            v[:] = beta1 * v + (1 - beta1) * p.grad\n"
    "            s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)\n"
    "            v_bias_corr = v / (1 - beta1 ** hyperparams['t'])\n"
    "            s_bias_corr = s / (1 - beta2 ** hyperparams['t'])\n"
    "            p[:] -= hyperparams['lr'] * v_bias_corr / (torch.sqrt(s_bias_corr) + eps)\n"
    "        p.grad.data.zero_()\n"
    "    hyperparams['t'] += 1",
    'mine = adamviz.trace(problem="toy2", optimizers=["adam", my_adam], steps=50)\n'
    'print(abs(mine.run("my_adam").points - mine.run("adam").points).max())',
    "r.animate(every=5)",
]


@pytest.fixture(scope="module")
def executed():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in CELLS])
    NotebookClient(notebook, timeout=300, kernel_name="python3").execute()
    return notebook.cells


def test_a_result_draws_itself_inline(executed):
    (output,) = [o for o in executed[0].outputs if o.output_type == "execute_result"]
    png = base64.b64decode(output.data["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 20_000
    assert output.data["text/plain"] == "<adamviz result: toy2, 20 steps: momentum, adam>"


def test_its_numbers_are_the_command_lines(executed):
    printed = "".join(o.text for o in executed[1].outputs if o.output_type == "stream")
    cli = subprocess.run([sys.executable, "-m", "adamviz", "trace", "--problem", "toy2", "--optimizer", "momentum",
                          "--optimizer", "adam", "--steps", "20", "--set", "momentum.lr=0.4"],
                         capture_output=True, text=True, check=True).stdout
    assert printed == cli
    assert json.loads(printed)["runs"][0]["hyperparams"]["lr"] == 0.4


def test_an_optimizer_written_in_the_notebook_races_the_built_in(executed):
    printed = "".join(o.text for o in executed[3].outputs if o.output_type == "stream")
    assert float(printed) < 1e-12


def test_an_animation_shows_inline(executed):
    (output,) = [o for o in executed[4].outputs if o.output_type == "execute_result"]
    gif = base64.b64decode(output.data["image/gif"])
    assert gif[:6] in (b"GIF89a", b"GIF87a")
